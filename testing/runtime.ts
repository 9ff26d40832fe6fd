/**
 * Modules the Pulumi SDK itself depends on (gRPC, protobuf), loaded from where @pulumi/pulumi resolves them:
 * the messages built here must be the same classes the SDK's generated stubs use, and a user's install need
 * not list them.
 */
import { createRequire } from "module";

export const pulumiRequire: NodeJS.Require = createRequire(require.resolve("@pulumi/pulumi"));
