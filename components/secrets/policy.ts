/** Resource policies of secrets: reads limited to named roles (SEC-1). */

/**
 * The IAM principal ARN of the deploying identity as `aws:PrincipalArn` sees it: an assumed-role session
 * (`arn:aws:sts::<acct>:assumed-role/<role>/<session>`) becomes its role, with or without a path.
 */
export function principalPatterns(callerArn: string): string[] {
  const m = /^arn:([\w-]+):sts::(\d{12}):assumed-role\/([^/]+)\/.+$/.exec(callerArn);
  if (!m) return [callerArn];
  return [`arn:${m[1]}:iam::${m[2]}:role/${m[3]}`, `arn:${m[1]}:iam::${m[2]}:role/*/${m[3]}`];
}

/** The resource policy of one secret: only the named roles (and rotation, and the deployer) read it. */
export function readPolicy(readers: readonly string[], exempt: readonly string[], account: string): string {
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "DenyReadToAllButNamedRoles",
        Effect: "Deny",
        Principal: "*",
        Action: "secretsmanager:GetSecretValue",
        Resource: "*",
        Condition: { ArnNotLike: { "aws:PrincipalArn": [...readers, ...exempt] } },
      },
      {
        Sid: "AllowNamedReadersOfThisAccount",
        Effect: "Allow",
        Principal: { AWS: "*" },
        Action: ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"],
        Resource: "*",
        Condition: { ArnLike: { "aws:PrincipalArn": [...readers] }, StringEquals: { "aws:PrincipalAccount": account } },
      },
    ],
  });
}
