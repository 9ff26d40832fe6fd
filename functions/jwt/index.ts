/** Lambda entry point: rotation of the JWT signing key pair (new kid; retired public keys kept RETAIN_DAYS). */
import { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { rotationHandler } from "../shared/rotation";
import { jwtKind } from "./kind";

const days = Number(process.env.RETAIN_DAYS);
if (!Number.isFinite(days) || days <= 0) throw new Error(`RETAIN_DAYS must be a positive number of days, got ${JSON.stringify(process.env.RETAIN_DAYS)}`);

export const handler = rotationHandler(jwtKind({ retainMs: days * 86_400_000 }), new SecretsManagerClient({}));
