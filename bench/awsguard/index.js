// @pulumi/awsguard as its README serves it: every rule, mandatory. Benchmark only.
const { AwsGuard } = require("@pulumi/awsguard");

new AwsGuard({ all: "mandatory" });
