/** Lambda entry point: rotation of a SecretSet's generated secrets (random values and keyrings). */
import { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { rotationHandler } from "../shared/rotation";
import { generatedKind } from "./kind";

export const handler = rotationHandler(generatedKind, new SecretsManagerClient({}));
