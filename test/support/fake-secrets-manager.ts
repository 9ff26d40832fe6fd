/**
 * An in-memory Secrets Manager for rotation tests: the SDK v3 commands rotation functions send (DescribeSecret,
 * GetSecretValue, PutSecretValue, UpdateSecretVersionStage, GetRandomPassword) with the rules AWS documents:
 * - versions carry staging labels; a label is on at most one version; moving AWSCURRENT labels the version that
 *   had it AWSPREVIOUS; a version left with no label is deprecated (no longer listed by DescribeSecret);
 * - PutSecretValue with an existing ClientRequestToken is a no-op when the value is the same and
 *   ResourceExistsException when it differs; VersionStages defaults to AWSCURRENT;
 * - UpdateSecretVersionStage refuses to move a label attached elsewhere unless RemoveFromVersionId names that version;
 * - GetSecretValue with VersionId and VersionStage requires the version to carry the stage.
 * `rotate()` does what RotateSecret does (a new AWSPENDING version without a value, then the four steps in order;
 * a previous rotation left pending is reattempted with its token) and injects faults (a crash after step N).
 */
import { randomInt, randomUUID } from "node:crypto";
import {
  DescribeSecretCommand,
  DescribeSecretCommandOutput,
  GetRandomPasswordCommand,
  GetRandomPasswordCommandOutput,
  GetSecretValueCommand,
  GetSecretValueCommandOutput,
  InvalidParameterException,
  InvalidRequestException,
  PutSecretValueCommand,
  PutSecretValueCommandOutput,
  ResourceExistsException,
  ResourceNotFoundException,
  UpdateSecretVersionStageCommand,
  UpdateSecretVersionStageCommandOutput,
} from "@aws-sdk/client-secrets-manager";
import { CURRENT, PENDING, PREVIOUS, RotationEvent, RotationStep, SecretsClient, STEPS } from "../../functions/shared/rotation";

interface Version {
  value?: string;
  stages: Set<string>;
  created: number;
}

interface Secret {
  arn: string;
  name: string;
  rotationEnabled: boolean;
  tags: { Key: string; Value: string }[];
  versions: Map<string, Version>;
}

type Command = DescribeSecretCommand | GetSecretValueCommand | PutSecretValueCommand | UpdateSecretVersionStageCommand | GetRandomPasswordCommand;

const meta = { $metadata: {} };
const notFound = (message: string) => new ResourceNotFoundException({ message, ...meta });
const invalidParameter = (message: string) => new InvalidParameterException({ message, ...meta });
const invalidRequest = (message: string) => new InvalidRequestException({ message, ...meta });

/** Thrown by `rotate()` to stand for the function crashing after a step did its work. */
export class InjectedFault extends Error {
  override readonly name = "InjectedFault";
  constructor(
    readonly step: RotationStep,
    readonly token: string,
  ) {
    super(`injected crash after ${step}`);
  }
}

export interface RotateOptions {
  /** Crash (throw InjectedFault) after this step completed. */
  readonly failAfter?: RotationStep;
  /** Start a rotation with this token even if another is pending (as a second RotateSecret with a new token would). */
  readonly token?: string;
}

export interface RotateResult {
  readonly token: string;
  /** True when RotateSecret reattempted a pending rotation instead of starting a new one. */
  readonly resumed: boolean;
}

const PUNCTUATION = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";
const CLASSES = ["ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz", "0123456789", PUNCTUATION];

export class FakeSecretsManager implements SecretsClient {
  private readonly secrets = new Map<string, Secret>();
  private clock = 0;
  /** Every command sent, by name (e.g. `PutSecretValueCommand`), in order. */
  readonly calls: string[] = [];
  private readonly failures = new Map<string, number>();

  /** Creates a secret whose first version (AWSCURRENT) holds `value`; returns its ARN. */
  createSecret(name: string, value: string, opts: { tags?: Record<string, string>; rotationEnabled?: boolean } = {}): string {
    const arn = `arn:aws:secretsmanager:eu-west-1:123456789012:secret:${name}-${randomUUID().slice(0, 6)}`;
    const secret: Secret = {
      arn,
      name,
      rotationEnabled: opts.rotationEnabled ?? true,
      tags: Object.entries(opts.tags ?? {}).map(([Key, Value]) => ({ Key, Value })),
      versions: new Map([[randomUUID(), { value, stages: new Set([CURRENT]), created: this.clock++ }]]),
    };
    this.secrets.set(arn, secret);
    return arn;
  }

  /** The next `times` commands of this name fail with a throttling error (a transient AWS failure). */
  failNext(command: string, times = 1): void {
    this.failures.set(command, times);
  }

  /** Labels per listed version, as DescribeSecret reports them. */
  stages(secretId: string): Record<string, string[]> {
    const s = this.find(secretId);
    return Object.fromEntries([...s.versions].filter(([, v]) => v.stages.size).map(([id, v]) => [id, [...v.stages].sort()]));
  }

  /** The value at a stage (test inspection; undefined when absent). */
  valueAt(secretId: string, stage: string): string | undefined {
    return [...this.find(secretId).versions.values()].find((v) => v.stages.has(stage))?.value;
  }

  /**
   * RotateSecret: enables rotation, then invokes the handler with createSecret, setSecret, testSecret and
   * finishSecret in order. A version still AWSPENDING from an unfinished rotation is reattempted with its token
   * (AWS: "A previous rotation isn't complete. That rotation will be reattempted.") unless `token` forces a new one.
   */
  async rotate(secretId: string, handler: (event: RotationEvent) => Promise<void>, opts: RotateOptions = {}): Promise<RotateResult> {
    const s = this.find(secretId);
    s.rotationEnabled = true;
    const pending = [...s.versions].find(([, v]) => v.stages.has(PENDING) && !v.stages.has(CURRENT))?.[0];
    const resumed = pending !== undefined && opts.token === undefined;
    const token = resumed ? pending : (opts.token ?? randomUUID());
    if (!resumed) {
      if (s.versions.has(token)) throw invalidRequest(`version ${token} already exists`);
      this.removeLabel(s, PENDING);
      s.versions.set(token, { stages: new Set([PENDING]), created: this.clock++ });
    }
    for (const step of STEPS) {
      await handler({ SecretId: s.arn, ClientRequestToken: token, Step: step });
      if (opts.failAfter === step) throw new InjectedFault(step, token);
    }
    return { token, resumed };
  }

  send(command: DescribeSecretCommand): Promise<DescribeSecretCommandOutput>;
  send(command: GetSecretValueCommand): Promise<GetSecretValueCommandOutput>;
  send(command: PutSecretValueCommand): Promise<PutSecretValueCommandOutput>;
  send(command: UpdateSecretVersionStageCommand): Promise<UpdateSecretVersionStageCommandOutput>;
  send(command: GetRandomPasswordCommand): Promise<GetRandomPasswordCommandOutput>;
  async send(command: Command): Promise<object> {
    const name = command.constructor.name;
    this.calls.push(name);
    const left = this.failures.get(name) ?? 0;
    if (left > 0) {
      this.failures.set(name, left - 1);
      throw Object.assign(new Error(`Rate exceeded (${name})`), { name: "ThrottlingException", $metadata: {} });
    }
    if (command instanceof DescribeSecretCommand) return this.describe(command.input.SecretId!);
    if (command instanceof GetSecretValueCommand) return this.get(command.input);
    if (command instanceof PutSecretValueCommand) return this.put(command.input);
    if (command instanceof UpdateSecretVersionStageCommand) return this.update(command.input);
    if (command instanceof GetRandomPasswordCommand) return this.random(command.input);
    throw invalidRequest(`the fake Secrets Manager does not implement ${name}`);
  }

  private find(secretId: string): Secret {
    const s = this.secrets.get(secretId) ?? [...this.secrets.values()].find((x) => x.name === secretId);
    if (!s) throw notFound(`Secrets Manager can't find the specified secret ${secretId}.`);
    return s;
  }

  private describe(secretId: string): DescribeSecretCommandOutput {
    const s = this.find(secretId);
    return { ...meta, ARN: s.arn, Name: s.name, RotationEnabled: s.rotationEnabled, Tags: s.tags.map((t) => ({ ...t })), VersionIdsToStages: this.stages(s.arn) };
  }

  private get(input: GetSecretValueCommand["input"]): GetSecretValueCommandOutput {
    const s = this.find(input.SecretId!);
    let id = input.VersionId;
    const stage = input.VersionStage ?? (id ? undefined : CURRENT);
    if (id === undefined) id = [...s.versions].find(([, v]) => v.stages.has(stage!))?.[0];
    const v = id === undefined ? undefined : s.versions.get(id);
    if (!v || (stage && !v.stages.has(stage)) || v.value === undefined) {
      throw notFound(`Secrets Manager can't find the specified secret value for VersionId: ${input.VersionId ?? "-"}, VersionStage: ${stage ?? "-"}`);
    }
    return { ...meta, ARN: s.arn, Name: s.name, VersionId: id, SecretString: v.value, VersionStages: [...v.stages], CreatedDate: new Date(v.created) };
  }

  private put(input: PutSecretValueCommand["input"]): PutSecretValueCommandOutput {
    const s = this.find(input.SecretId!);
    const token = input.ClientRequestToken;
    if (!token || token.length < 32 || token.length > 64) throw invalidParameter("ClientRequestToken must be 32 to 64 characters.");
    if (input.SecretString === undefined) throw invalidParameter("You must provide SecretString or SecretBinary.");
    const stages = input.VersionStages ?? [CURRENT];
    const existing = s.versions.get(token);
    if (existing?.value !== undefined) {
      if (existing.value !== input.SecretString) throw new ResourceExistsException({ message: `A version with the ClientRequestToken ${token} already exists with different content.`, ...meta });
      return { ...meta, ARN: s.arn, Name: s.name, VersionId: token, VersionStages: [...existing.stages] };
    }
    const v = existing ?? { stages: new Set<string>(), created: this.clock++ };
    v.value = input.SecretString;
    s.versions.set(token, v);
    for (const stage of stages) this.attach(s, stage, token);
    return { ...meta, ARN: s.arn, Name: s.name, VersionId: token, VersionStages: [...v.stages] };
  }

  private update(input: UpdateSecretVersionStageCommand["input"]): UpdateSecretVersionStageCommandOutput {
    const s = this.find(input.SecretId!);
    const stage = input.VersionStage!;
    const holder = [...s.versions].find(([, v]) => v.stages.has(stage))?.[0];
    const to = input.MoveToVersionId;
    const from = input.RemoveFromVersionId;
    if (to !== undefined && !s.versions.has(to)) throw notFound(`version ${to} not found`);
    if (from !== undefined && from !== holder) throw invalidParameter(`The staging label ${stage} is not attached to version ${from}, so you can't remove it.`);
    if (to === undefined) {
      if (stage === CURRENT) throw invalidParameter("You can't remove the AWSCURRENT label without moving it to another version.");
      if (holder !== undefined && from === holder) this.removeLabel(s, stage);
      return { ...meta, ARN: s.arn, Name: s.name };
    }
    if (holder !== undefined && holder !== to && from !== holder) {
      throw invalidParameter(`The staging label ${stage} is currently attached to version ${holder}. You must specify RemoveFromVersionId to move it.`);
    }
    this.attach(s, stage, to);
    return { ...meta, ARN: s.arn, Name: s.name };
  }

  /** Puts a label on a version, taking it off any other; AWSCURRENT leaves AWSPREVIOUS on the version it left. */
  private attach(s: Secret, stage: string, to: string): void {
    const holder = [...s.versions].find(([, v]) => v.stages.has(stage))?.[0];
    if (holder === to) return;
    this.removeLabel(s, stage);
    if (stage === CURRENT && holder !== undefined) {
      this.removeLabel(s, PREVIOUS);
      s.versions.get(holder)!.stages.add(PREVIOUS);
    }
    s.versions.get(to)!.stages.add(stage);
    if (stage === CURRENT) s.versions.get(to)!.stages.delete(PREVIOUS);
  }

  private removeLabel(s: Secret, stage: string): void {
    for (const v of s.versions.values()) v.stages.delete(stage);
  }

  private random(input: GetRandomPasswordCommand["input"]): GetRandomPasswordCommandOutput {
    const length = input.PasswordLength ?? 32;
    if (length < 1 || length > 4096) throw invalidParameter("PasswordLength must be 1 to 4096.");
    const exclude = new Set(input.ExcludeCharacters ?? "");
    const classes = CLASSES.map((c, i) => (i === 3 && input.ExcludePunctuation ? "" : c))
      .map((c, i) => ((i === 0 && input.ExcludeUppercase) || (i === 1 && input.ExcludeLowercase) || (i === 2 && input.ExcludeNumbers) ? "" : c))
      .map((c) => [...c].filter((ch) => !exclude.has(ch)).join(""))
      .filter((c) => c.length);
    const all = classes.join("");
    const chars = Array.from({ length }, () => all[randomInt(all.length)]);
    if (input.RequireEachIncludedType ?? true) {
      if (length < classes.length) throw invalidParameter("PasswordLength is too short to include every character type.");
      const slots = [...chars.keys()].sort(() => randomInt(3) - 1).slice(0, classes.length);
      classes.forEach((c, i) => (chars[slots[i]] = c[randomInt(c.length)]));
    }
    return { ...meta, RandomPassword: chars.join("") };
  }
}
