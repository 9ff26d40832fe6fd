/**
 * An in-memory ElastiCache user API (DescribeUsers, ModifyUser) in front of a real Redis: ModifyUser applies the
 * user's passwords to the server with ACL SETUSER, so authentication in the tests is the server's own. It keeps the
 * rules the rotation depends on, as the API reference states them: at most two passwords, each 16–128 printable
 * characters without spaces, `"`, `/` or `@`; a user is `modifying` for a while after ModifyUser, and ModifyUser on a
 * user that is not `active` fails with InvalidUserStateFault.
 */
import { DescribeUsersCommand, DescribeUsersCommandOutput, ModifyUserCommand, ModifyUserCommandOutput } from "@aws-sdk/client-elasticache";
import { createClient } from "redis";

interface User {
  readonly userId: string;
  readonly userName: string;
  status: "active" | "modifying";
  passwords: string[];
}

const fault = (name: string, message: string) => Object.assign(new Error(message), { name, $metadata: {} });

export class FakeElastiCache {
  private readonly users = new Map<string, User>();
  /** Every ModifyUser accepted: user id and how many passwords it set. */
  readonly modifications: { userId: string; passwords: number }[] = [];

  /** @param admin a connected node-redis client allowed to run ACL SETUSER; @param applyMs how long a user stays `modifying`. */
  constructor(
    private readonly admin: ReturnType<typeof createClient>,
    private readonly applyMs = 20,
  ) {}

  addUser(userId: string, userName: string, passwords: string[]): void {
    this.users.set(userId, { userId, userName, status: "active", passwords });
  }

  send(command: DescribeUsersCommand): Promise<DescribeUsersCommandOutput>;
  send(command: ModifyUserCommand): Promise<ModifyUserCommandOutput>;
  async send(command: DescribeUsersCommand | ModifyUserCommand): Promise<object> {
    if (command instanceof DescribeUsersCommand) {
      const u = this.users.get(command.input.UserId ?? "");
      if (!u) throw fault("UserNotFoundFault", `User ${command.input.UserId} not found`);
      return { $metadata: {}, Users: [{ UserId: u.userId, UserName: u.userName, Status: u.status, Authentication: { Type: "password", PasswordCount: u.passwords.length } }] };
    }
    const { UserId, AuthenticationMode, Passwords } = command.input;
    const u = this.users.get(UserId ?? "");
    if (!u) throw fault("UserNotFoundFault", `User ${UserId} not found`);
    if (u.status !== "active") throw fault("InvalidUserStateFault", `User ${UserId} is ${u.status}`);
    const passwords = AuthenticationMode?.Passwords ?? Passwords ?? [];
    if (AuthenticationMode && AuthenticationMode.Type !== "password") throw fault("InvalidParameterValueException", "this fake supports password authentication only");
    if (passwords.length < 1 || passwords.length > 2) throw fault("InvalidParameterValueException", "Passwords: between 1 and 2 passwords");
    for (const p of passwords) {
      if (p.length < 16 || p.length > 128 || /[\s"/@]/.test(p)) throw fault("InvalidParameterValueException", 'Passwords must be 16-128 printable characters without spaces, ", / or @');
    }
    u.status = "modifying";
    this.modifications.push({ userId: u.userId, passwords: passwords.length });
    // The service applies the change while the user is `modifying`; the passwords replace the old ones at once.
    await this.admin.sendCommand(["ACL", "SETUSER", u.userName, "resetpass", ...passwords.map((p) => `>${p}`)]);
    u.passwords = [...passwords];
    setTimeout(() => (u.status = "active"), this.applyMs).unref();
    return { $metadata: {}, UserId: u.userId, UserName: u.userName, Status: "modifying" };
  }
}
