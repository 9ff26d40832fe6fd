/**
 * Which AWS API request member each Pulumi input becomes when the provider creates the resource.
 *
 * One row per (Pulumi type token, input property): `property` is a path into the resource's inputs
 * (`a.b` nested object, `a[]` every element of an array, `a{key}` / `a{value}` every key / value of a map),
 * `member` the matching path into the operation's input shape in the botocore service model (same syntax).
 * `generate.js` reads the constraints (length, pattern, enum, numeric range) from the model into
 * constraints.json. `manual` adds what the service enforces but its model does not publish, each with the
 * API reference that states it. `autoname`: when the program sets no value, the provider generates
 * `<resource name>-<7 hex digits>`, and that is what AWS receives.
 */

/** Tags as a list of {Key, Value} (or the service's own member names) in the request. */
function tagList(service, operation, member = "Tags", key = "Key", value = "Value", property = "tags") {
  return [
    { property: `${property}{key}`, service, operation, member: `${member}[].${key}` },
    { property: `${property}{value}`, service, operation, member: `${member}[].${value}` },
  ];
}
/** Tags as a map in the request. */
function tagMap(service, operation, member = "Tags", property = "tags") {
  return [
    { property: `${property}{key}`, service, operation, member: `${member}{key}` },
    { property: `${property}{value}`, service, operation, member: `${member}{value}` },
  ];
}

/** EC2 publishes no tag limits in its model; the API reference for Tag states them. */
const EC2_TAG_REF = "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_Tag.html";
function ec2Tags(operation) {
  return [
    {
      property: "tags{key}",
      service: "ec2",
      operation,
      member: "TagSpecifications[].Tags[].Key",
      manual: { minLength: 1, maxLength: 127, pattern: "^(?!aws:).*$", reference: EC2_TAG_REF, note: "at most 127 characters; may not begin with aws:" },
    },
    { property: "tags{value}", service: "ec2", operation, member: "TagSpecifications[].Tags[].Value", manual: { maxLength: 256, reference: EC2_TAG_REF, note: "at most 256 characters" } },
  ];
}
/** Tags not in the model: the resource-groups tagging limits every service applies. */
const TAG_REF = "https://docs.aws.amazon.com/tag-editor/latest/userguide/tagging.html#tag-conventions";
function manualTags(service, operation, member = "Tags", key = "Key", value = "Value") {
  return [
    { property: "tags{key}", service, operation, member: `${member}[].${key}`, manual: { minLength: 1, maxLength: 128, reference: TAG_REF, note: "tag keys are 1 to 128 characters" } },
    { property: "tags{value}", service, operation, member: `${member}[].${value}`, manual: { maxLength: 256, reference: TAG_REF, note: "tag values are at most 256 characters" } },
  ];
}

/** Map-shaped tags the model leaves unconstrained. */
function manualTagMap(service, operation, member = "Tags") {
  return manualTags(service, operation, member).map((r) => ({ ...r, member: r.member.replace("[].Key", "{key}").replace("[].Value", "{value}") }));
}

const RDS_ID = (what, max) => ({
  minLength: 1,
  maxLength: max,
  pattern: "^[A-Za-z](?!.*--)[A-Za-z0-9-]*(?<!-)$",
  note: `${what}: 1 to ${max} letters, digits or hyphens; first character a letter; no two consecutive hyphens; not ending with a hyphen`,
});
const ECS_NAME = { minLength: 1, maxLength: 255, pattern: "^[A-Za-z0-9_-]+$", note: "up to 255 letters, numbers, underscores and hyphens" };
const ELB_NAME = (ref) => ({
  minLength: 1,
  maxLength: 32,
  pattern: "^(?!internal-)[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$",
  reference: ref,
  note: "at most 32 alphanumeric characters or hyphens; not beginning or ending with a hyphen; not beginning with internal-",
});
const SG_TEXT = "^[A-Za-z0-9 ._\\-:/()#,@\\[\\]+=&;{}!$*]*$";

module.exports = {
  "aws:route53/record:Record": [
    { property: "name", service: "route53", operation: "ChangeResourceRecordSets", member: "ChangeBatch.Changes[].ResourceRecordSet.Name" },
    { property: "type", service: "route53", operation: "ChangeResourceRecordSets", member: "ChangeBatch.Changes[].ResourceRecordSet.Type" },
    { property: "ttl", service: "route53", operation: "ChangeResourceRecordSets", member: "ChangeBatch.Changes[].ResourceRecordSet.TTL" },
    { property: "records[]", service: "route53", operation: "ChangeResourceRecordSets", member: "ChangeBatch.Changes[].ResourceRecordSet.ResourceRecords[].Value" },
  ],
  "aws:acm/certificate:Certificate": [
    { property: "domainName", service: "acm", operation: "RequestCertificate", member: "DomainName" },
    { property: "subjectAlternativeNames[]", service: "acm", operation: "RequestCertificate", member: "SubjectAlternativeNames[]" },
    { property: "validationMethod", service: "acm", operation: "RequestCertificate", member: "ValidationMethod" },
    { property: "keyAlgorithm", service: "acm", operation: "RequestCertificate", member: "KeyAlgorithm" },
    ...tagList("acm", "RequestCertificate"),
  ],
  "aws:appautoscaling/target:Target": [
    { property: "resourceId", service: "application-autoscaling", operation: "RegisterScalableTarget", member: "ResourceId" },
    { property: "scalableDimension", service: "application-autoscaling", operation: "RegisterScalableTarget", member: "ScalableDimension" },
    { property: "serviceNamespace", service: "application-autoscaling", operation: "RegisterScalableTarget", member: "ServiceNamespace" },
    ...tagMap("application-autoscaling", "RegisterScalableTarget"),
  ],
  "aws:appautoscaling/policy:Policy": [
    { property: "name", service: "application-autoscaling", operation: "PutScalingPolicy", member: "PolicyName", autoname: true },
    { property: "policyType", service: "application-autoscaling", operation: "PutScalingPolicy", member: "PolicyType" },
    { property: "resourceId", service: "application-autoscaling", operation: "PutScalingPolicy", member: "ResourceId" },
    { property: "scalableDimension", service: "application-autoscaling", operation: "PutScalingPolicy", member: "ScalableDimension" },
    { property: "serviceNamespace", service: "application-autoscaling", operation: "PutScalingPolicy", member: "ServiceNamespace" },
  ],
  "aws:backup/plan:Plan": [
    {
      property: "name",
      service: "backup",
      operation: "CreateBackupPlan",
      member: "BackupPlan.BackupPlanName",
      manual: {
        minLength: 1,
        maxLength: 50,
        pattern: "^[a-zA-Z0-9\\-_.]{1,50}$",
        reference: "https://docs.aws.amazon.com/aws-backup/latest/devguide/API_BackupPlanInput.html",
        note: "1 to 50 alphanumeric or -_. characters",
      },
    },
    { property: "rules[].ruleName", service: "backup", operation: "CreateBackupPlan", member: "BackupPlan.Rules[].RuleName" },
    { property: "rules[].targetVaultName", service: "backup", operation: "CreateBackupPlan", member: "BackupPlan.Rules[].TargetBackupVaultName" },
    ...manualTagMap("backup", "CreateBackupPlan", "BackupPlanTags"),
  ],
  "aws:backup/vault:Vault": [{ property: "name", service: "backup", operation: "CreateBackupVault", member: "BackupVaultName" }, ...manualTagMap("backup", "CreateBackupVault", "BackupVaultTags")],
  "aws:backup/vaultLockConfiguration:VaultLockConfiguration": [{ property: "backupVaultName", service: "backup", operation: "PutBackupVaultLockConfiguration", member: "BackupVaultName" }],
  "aws:backup/vaultNotifications:VaultNotifications": [
    { property: "backupVaultName", service: "backup", operation: "PutBackupVaultNotifications", member: "BackupVaultName" },
    { property: "backupVaultEvents[]", service: "backup", operation: "PutBackupVaultNotifications", member: "BackupVaultEvents[]" },
  ],
  "aws:backup/vaultPolicy:VaultPolicy": [{ property: "backupVaultName", service: "backup", operation: "PutBackupVaultAccessPolicy", member: "BackupVaultName" }],
  "aws:backup/selection:Selection": [{ property: "name", service: "backup", operation: "CreateBackupSelection", member: "BackupSelection.SelectionName" }],
  "aws:backup/restoreTestingPlan:RestoreTestingPlan": [
    {
      property: "name",
      service: "backup",
      operation: "CreateRestoreTestingPlan",
      member: "RestoreTestingPlan.RestoreTestingPlanName",
      manual: {
        minLength: 1,
        pattern: "^[A-Za-z0-9_]+$",
        reference: "https://docs.aws.amazon.com/aws-backup/latest/devguide/API_RestoreTestingPlanForCreate.html",
        note: "only alphanumeric characters and underscores",
      },
    },
    ...manualTagMap("backup", "CreateRestoreTestingPlan"),
  ],
  "aws:backup/restoreTestingSelection:RestoreTestingSelection": [
    {
      property: "name",
      service: "backup",
      operation: "CreateRestoreTestingSelection",
      member: "RestoreTestingSelection.RestoreTestingSelectionName",
      manual: {
        minLength: 1,
        pattern: "^[A-Za-z0-9_]+$",
        reference: "https://docs.aws.amazon.com/aws-backup/latest/devguide/API_RestoreTestingSelectionForCreate.html",
        note: "only alphanumeric characters and underscores",
      },
    },
    {
      property: "restoreTestingPlanName",
      service: "backup",
      operation: "CreateRestoreTestingSelection",
      member: "RestoreTestingPlanName",
      manual: {
        minLength: 1,
        pattern: "^[A-Za-z0-9_]+$",
        reference: "https://docs.aws.amazon.com/aws-backup/latest/devguide/API_RestoreTestingPlanForCreate.html",
        note: "only alphanumeric characters and underscores",
      },
    },
  ],
  "aws:cloudwatch/dashboard:Dashboard": [
    {
      property: "dashboardName",
      service: "cloudwatch",
      operation: "PutDashboard",
      member: "DashboardName",
      manual: {
        minLength: 1,
        maxLength: 255,
        pattern: "^[A-Za-z0-9_-]+$",
        reference: "https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutDashboard.html",
        note: "up to 255 characters: alphanumerics, dash and underscore",
      },
    },
  ],
  "aws:cloudwatch/eventRule:EventRule": [
    { property: "name", service: "events", operation: "PutRule", member: "Name" },
    { property: "description", service: "events", operation: "PutRule", member: "Description" },
    { property: "eventPattern", service: "events", operation: "PutRule", member: "EventPattern" },
    { property: "scheduleExpression", service: "events", operation: "PutRule", member: "ScheduleExpression" },
    ...tagList("events", "PutRule"),
  ],
  "aws:cloudwatch/eventTarget:EventTarget": [
    { property: "rule", service: "events", operation: "PutTargets", member: "Rule" },
    { property: "targetId", service: "events", operation: "PutTargets", member: "Targets[].Id" },
  ],
  "aws:cloudwatch/logGroup:LogGroup": [
    { property: "name", service: "logs", operation: "CreateLogGroup", member: "logGroupName" },
    { property: "logGroupClass", service: "logs", operation: "CreateLogGroup", member: "logGroupClass" },
    ...tagMap("logs", "CreateLogGroup", "tags"),
  ],
  "aws:cloudwatch/logMetricFilter:LogMetricFilter": [
    { property: "name", service: "logs", operation: "PutMetricFilter", member: "filterName" },
    { property: "logGroupName", service: "logs", operation: "PutMetricFilter", member: "logGroupName" },
    { property: "pattern", service: "logs", operation: "PutMetricFilter", member: "filterPattern" },
    { property: "metricTransformation.name", service: "logs", operation: "PutMetricFilter", member: "metricTransformations[].metricName" },
    { property: "metricTransformation.namespace", service: "logs", operation: "PutMetricFilter", member: "metricTransformations[].metricNamespace" },
    { property: "metricTransformation.value", service: "logs", operation: "PutMetricFilter", member: "metricTransformations[].metricValue" },
    { property: "metricTransformation.unit", service: "logs", operation: "PutMetricFilter", member: "metricTransformations[].unit" },
  ],
  "aws:cloudwatch/metricAlarm:MetricAlarm": [
    { property: "name", service: "cloudwatch", operation: "PutMetricAlarm", member: "AlarmName" },
    { property: "alarmDescription", service: "cloudwatch", operation: "PutMetricAlarm", member: "AlarmDescription" },
    { property: "metricName", service: "cloudwatch", operation: "PutMetricAlarm", member: "MetricName" },
    { property: "namespace", service: "cloudwatch", operation: "PutMetricAlarm", member: "Namespace" },
    { property: "statistic", service: "cloudwatch", operation: "PutMetricAlarm", member: "Statistic" },
    { property: "extendedStatistic", service: "cloudwatch", operation: "PutMetricAlarm", member: "ExtendedStatistic" },
    { property: "comparisonOperator", service: "cloudwatch", operation: "PutMetricAlarm", member: "ComparisonOperator" },
    { property: "treatMissingData", service: "cloudwatch", operation: "PutMetricAlarm", member: "TreatMissingData" },
    { property: "unit", service: "cloudwatch", operation: "PutMetricAlarm", member: "Unit" },
    { property: "period", service: "cloudwatch", operation: "PutMetricAlarm", member: "Period" },
    { property: "evaluationPeriods", service: "cloudwatch", operation: "PutMetricAlarm", member: "EvaluationPeriods" },
    { property: "datapointsToAlarm", service: "cloudwatch", operation: "PutMetricAlarm", member: "DatapointsToAlarm" },
    { property: "alarmActions", service: "cloudwatch", operation: "PutMetricAlarm", member: "AlarmActions" },
    { property: "okActions", service: "cloudwatch", operation: "PutMetricAlarm", member: "OKActions" },
    { property: "dimensions{key}", service: "cloudwatch", operation: "PutMetricAlarm", member: "Dimensions[].Name" },
    { property: "dimensions{value}", service: "cloudwatch", operation: "PutMetricAlarm", member: "Dimensions[].Value" },
    { property: "metricQueries[].id", service: "cloudwatch", operation: "PutMetricAlarm", member: "Metrics[].Id" },
    ...tagList("cloudwatch", "PutMetricAlarm"),
  ],
  "aws:ec2/vpc:Vpc": [...ec2Tags("CreateVpc")],
  "aws:ec2/subnet:Subnet": [...ec2Tags("CreateSubnet")],
  "aws:ec2/eip:Eip": [...ec2Tags("AllocateAddress")],
  "aws:ec2/internetGateway:InternetGateway": [...ec2Tags("CreateInternetGateway")],
  "aws:ec2/natGateway:NatGateway": [...ec2Tags("CreateNatGateway")],
  "aws:ec2/routeTable:RouteTable": [...ec2Tags("CreateRouteTable")],
  "aws:ec2/vpcEndpoint:VpcEndpoint": [{ property: "vpcEndpointType", service: "ec2", operation: "CreateVpcEndpoint", member: "VpcEndpointType" }, ...ec2Tags("CreateVpcEndpoint")],
  "aws:ec2/flowLog:FlowLog": [
    { property: "trafficType", service: "ec2", operation: "CreateFlowLogs", member: "TrafficType" },
    { property: "logDestinationType", service: "ec2", operation: "CreateFlowLogs", member: "LogDestinationType" },
    ...ec2Tags("CreateFlowLogs"),
  ],
  "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup": [...ec2Tags("CreateTags").map((r) => ({ ...r, member: r.member.replace("TagSpecifications[].", "") }))],
  "aws:ec2/securityGroup:SecurityGroup": [
    {
      property: "name",
      service: "ec2",
      operation: "CreateSecurityGroup",
      member: "GroupName",
      autoname: true,
      manual: {
        minLength: 1,
        maxLength: 255,
        pattern: "^(?!sg-)[A-Za-z0-9 ._\\-:/()#,@\\[\\]+=&;{}!$*]+$",
        reference: "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateSecurityGroup.html",
        note: "up to 255 characters of a-z, A-Z, 0-9, spaces and ._-:/()#,@[]+=&;{}!$*; cannot start with sg-",
      },
    },
    {
      property: "description",
      service: "ec2",
      operation: "CreateSecurityGroup",
      member: "Description",
      manual: {
        maxLength: 255,
        pattern: SG_TEXT,
        reference: "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateSecurityGroup.html",
        note: "up to 255 characters of a-z, A-Z, 0-9, spaces and ._-:/()#,@[]+=&;{}!$*",
      },
    },
    {
      property: "ingress[].description",
      service: "ec2",
      operation: "AuthorizeSecurityGroupIngress",
      member: "IpPermissions[].IpRanges[].Description",
      manual: {
        maxLength: 255,
        pattern: SG_TEXT,
        reference: "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_IpRange.html",
        note: "up to 255 characters of a-z, A-Z, 0-9, spaces and ._-:/()#,@[]+=;{}!$*",
      },
    },
    {
      property: "egress[].description",
      service: "ec2",
      operation: "AuthorizeSecurityGroupEgress",
      member: "IpPermissions[].IpRanges[].Description",
      manual: {
        maxLength: 255,
        pattern: SG_TEXT,
        reference: "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_IpRange.html",
        note: "up to 255 characters of a-z, A-Z, 0-9, spaces and ._-:/()#,@[]+=;{}!$*",
      },
    },
    ...ec2Tags("CreateSecurityGroup"),
  ],
  "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": [
    {
      property: "description",
      service: "ec2",
      operation: "AuthorizeSecurityGroupIngress",
      member: "IpPermissions[].IpRanges[].Description",
      manual: {
        maxLength: 255,
        pattern: SG_TEXT,
        reference: "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_IpRange.html",
        note: "up to 255 characters of a-z, A-Z, 0-9, spaces and ._-:/()#,@[]+=;{}!$*",
      },
    },
    ...ec2Tags("AuthorizeSecurityGroupIngress"),
  ],
  "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": [
    {
      property: "description",
      service: "ec2",
      operation: "AuthorizeSecurityGroupEgress",
      member: "IpPermissions[].IpRanges[].Description",
      manual: {
        maxLength: 255,
        pattern: SG_TEXT,
        reference: "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_IpRange.html",
        note: "up to 255 characters of a-z, A-Z, 0-9, spaces and ._-:/()#,@[]+=;{}!$*",
      },
    },
    ...ec2Tags("AuthorizeSecurityGroupEgress"),
  ],
  "aws:ecr/repository:Repository": [
    { property: "name", service: "ecr", operation: "CreateRepository", member: "repositoryName" },
    { property: "imageTagMutability", service: "ecr", operation: "CreateRepository", member: "imageTagMutability" },
    ...manualTags("ecr", "CreateRepository", "tags"),
  ],
  "aws:ecr/lifecyclePolicy:LifecyclePolicy": [
    { property: "repository", service: "ecr", operation: "PutLifecyclePolicy", member: "repositoryName" },
    { property: "policy", service: "ecr", operation: "PutLifecyclePolicy", member: "lifecyclePolicyText" },
  ],
  "aws:ecs/cluster:Cluster": [
    {
      property: "name",
      service: "ecs",
      operation: "CreateCluster",
      member: "clusterName",
      manual: { ...ECS_NAME, reference: "https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CreateCluster.html" },
    },
    ...tagList("ecs", "CreateCluster", "tags", "key", "value"),
  ],
  "aws:ecs/service:Service": [
    {
      property: "name",
      service: "ecs",
      operation: "CreateService",
      member: "serviceName",
      manual: { ...ECS_NAME, reference: "https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CreateService.html" },
    },
    { property: "launchType", service: "ecs", operation: "CreateService", member: "launchType" },
    { property: "propagateTags", service: "ecs", operation: "CreateService", member: "propagateTags" },
    { property: "schedulingStrategy", service: "ecs", operation: "CreateService", member: "schedulingStrategy" },
    ...tagList("ecs", "CreateService", "tags", "key", "value"),
  ],
  "aws:ecs/taskDefinition:TaskDefinition": [
    {
      property: "family",
      service: "ecs",
      operation: "RegisterTaskDefinition",
      member: "family",
      manual: { ...ECS_NAME, reference: "https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RegisterTaskDefinition.html" },
    },
    { property: "networkMode", service: "ecs", operation: "RegisterTaskDefinition", member: "networkMode" },
    { property: "requiresCompatibilities[]", service: "ecs", operation: "RegisterTaskDefinition", member: "requiresCompatibilities[]" },
    { property: "runtimePlatform.cpuArchitecture", service: "ecs", operation: "RegisterTaskDefinition", member: "runtimePlatform.cpuArchitecture" },
    { property: "runtimePlatform.operatingSystemFamily", service: "ecs", operation: "RegisterTaskDefinition", member: "runtimePlatform.operatingSystemFamily" },
    ...tagList("ecs", "RegisterTaskDefinition", "tags", "key", "value"),
  ],
  "aws:elasticache/parameterGroup:ParameterGroup": [
    {
      property: "name",
      service: "elasticache",
      operation: "CreateCacheParameterGroup",
      member: "CacheParameterGroupName",
      autoname: true,
      manual: {
        minLength: 1,
        maxLength: 255,
        pattern: "^[A-Za-z](?!.*--)[A-Za-z0-9-]*(?<!-)$",
        reference: "https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/ParameterGroups.Creating.html",
        note: "up to 255 letters, digits or hyphens; first character a letter; no two consecutive hyphens; not ending with a hyphen",
      },
    },
    { property: "description", service: "elasticache", operation: "CreateCacheParameterGroup", member: "Description" },
    ...manualTags("elasticache", "CreateCacheParameterGroup"),
  ],
  "aws:elasticache/subnetGroup:SubnetGroup": [
    {
      property: "name",
      service: "elasticache",
      operation: "CreateCacheSubnetGroup",
      member: "CacheSubnetGroupName",
      autoname: true,
      manual: {
        minLength: 1,
        maxLength: 255,
        pattern: "^[A-Za-z0-9-]+$",
        reference: "https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_CreateCacheSubnetGroup.html",
        note: "no more than 255 alphanumeric characters or hyphens",
      },
    },
    { property: "description", service: "elasticache", operation: "CreateCacheSubnetGroup", member: "CacheSubnetGroupDescription" },
    ...manualTags("elasticache", "CreateCacheSubnetGroup"),
  ],
  "aws:elasticache/replicationGroup:ReplicationGroup": [
    {
      property: "replicationGroupId",
      service: "elasticache",
      operation: "CreateReplicationGroup",
      member: "ReplicationGroupId",
      manual: { ...RDS_ID("replication group id", 40), reference: "https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_CreateReplicationGroup.html" },
    },
    { property: "description", service: "elasticache", operation: "CreateReplicationGroup", member: "ReplicationGroupDescription" },
    { property: "networkType", service: "elasticache", operation: "CreateReplicationGroup", member: "NetworkType" },
    { property: "ipDiscovery", service: "elasticache", operation: "CreateReplicationGroup", member: "IpDiscovery" },
    { property: "transitEncryptionMode", service: "elasticache", operation: "CreateReplicationGroup", member: "TransitEncryptionMode" },
    { property: "clusterMode", service: "elasticache", operation: "CreateReplicationGroup", member: "ClusterMode" },
    { property: "userGroupIds[]", service: "elasticache", operation: "CreateReplicationGroup", member: "UserGroupIds[]" },
    {
      property: "finalSnapshotIdentifier",
      service: "elasticache",
      operation: "DeleteReplicationGroup",
      member: "FinalSnapshotIdentifier",
      manual: { ...RDS_ID("snapshot name", 255), reference: "https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_CreateSnapshot.html" },
    },
    ...manualTags("elasticache", "CreateReplicationGroup"),
  ],
  "aws:elasticache/user:User": [
    { property: "userId", service: "elasticache", operation: "CreateUser", member: "UserId" },
    { property: "userName", service: "elasticache", operation: "CreateUser", member: "UserName" },
    { property: "engine", service: "elasticache", operation: "CreateUser", member: "Engine" },
    { property: "accessString", service: "elasticache", operation: "CreateUser", member: "AccessString" },
    ...manualTags("elasticache", "CreateUser"),
  ],
  "aws:elasticache/userGroup:UserGroup": [
    {
      property: "userGroupId",
      service: "elasticache",
      operation: "CreateUserGroup",
      member: "UserGroupId",
      manual: {
        minLength: 1,
        pattern: "^[a-zA-Z][a-zA-Z0-9\\-]*$",
        reference: "https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_UserGroup.html",
        note: "user group ids follow the user id rule: a letter, then letters, digits or hyphens",
      },
    },
    { property: "engine", service: "elasticache", operation: "CreateUserGroup", member: "Engine" },
    { property: "userIds[]", service: "elasticache", operation: "CreateUserGroup", member: "UserIds[]" },
    ...manualTags("elasticache", "CreateUserGroup"),
  ],
  "aws:iam/role:Role": [
    { property: "name", service: "iam", operation: "CreateRole", member: "RoleName", autoname: true },
    { property: "path", service: "iam", operation: "CreateRole", member: "Path" },
    { property: "description", service: "iam", operation: "CreateRole", member: "Description" },
    { property: "assumeRolePolicy", service: "iam", operation: "CreateRole", member: "AssumeRolePolicyDocument" },
    { property: "maxSessionDuration", service: "iam", operation: "CreateRole", member: "MaxSessionDuration" },
    ...tagList("iam", "CreateRole"),
  ],
  "aws:iam/rolePolicy:RolePolicy": [
    { property: "name", service: "iam", operation: "PutRolePolicy", member: "PolicyName", autoname: true },
    { property: "policy", service: "iam", operation: "PutRolePolicy", member: "PolicyDocument" },
  ],
  "aws:iam/rolePolicyAttachment:RolePolicyAttachment": [
    { property: "role", service: "iam", operation: "AttachRolePolicy", member: "RoleName" },
    { property: "policyArn", service: "iam", operation: "AttachRolePolicy", member: "PolicyArn" },
  ],
  "aws:kms/key:Key": [
    { property: "description", service: "kms", operation: "CreateKey", member: "Description" },
    { property: "policy", service: "kms", operation: "CreateKey", member: "Policy" },
    { property: "keyUsage", service: "kms", operation: "CreateKey", member: "KeyUsage" },
    { property: "customerMasterKeySpec", service: "kms", operation: "CreateKey", member: "KeySpec" },
    {
      property: "deletionWindowInDays",
      service: "kms",
      operation: "ScheduleKeyDeletion",
      member: "PendingWindowInDays",
      manual: { min: 7, max: 30, reference: "https://docs.aws.amazon.com/kms/latest/APIReference/API_ScheduleKeyDeletion.html", note: "7 to 30 days" },
    },
    { property: "rotationPeriodInDays", service: "kms", operation: "EnableKeyRotation", member: "RotationPeriodInDays" },
    ...tagList("kms", "CreateKey", "Tags", "TagKey", "TagValue"),
  ],
  "aws:kms/alias:Alias": [
    {
      property: "name",
      service: "kms",
      operation: "CreateAlias",
      member: "AliasName",
      manual: {
        pattern: "^alias/(?!aws/)[a-zA-Z0-9/_-]+$",
        reference: "https://docs.aws.amazon.com/kms/latest/APIReference/API_CreateAlias.html",
        note: "must begin with alias/ and cannot begin with alias/aws/",
      },
    },
  ],
  "aws:lambda/function:Function": [
    {
      property: "name",
      service: "lambda",
      operation: "CreateFunction",
      member: "FunctionName",
      manual: { maxLength: 64, reference: "https://docs.aws.amazon.com/lambda/latest/api/API_CreateFunction.html", note: "a function name (not an ARN) is limited to 64 characters" },
    },
    { property: "description", service: "lambda", operation: "CreateFunction", member: "Description" },
    { property: "handler", service: "lambda", operation: "CreateFunction", member: "Handler" },
    { property: "runtime", service: "lambda", operation: "CreateFunction", member: "Runtime" },
    { property: "timeout", service: "lambda", operation: "CreateFunction", member: "Timeout" },
    { property: "memorySize", service: "lambda", operation: "CreateFunction", member: "MemorySize" },
    { property: "architectures[]", service: "lambda", operation: "CreateFunction", member: "Architectures[]" },
    { property: "loggingConfig.logFormat", service: "lambda", operation: "CreateFunction", member: "LoggingConfig.LogFormat" },
    { property: "loggingConfig.logGroup", service: "lambda", operation: "CreateFunction", member: "LoggingConfig.LogGroup" },
    { property: "loggingConfig.applicationLogLevel", service: "lambda", operation: "CreateFunction", member: "LoggingConfig.ApplicationLogLevel" },
    { property: "loggingConfig.systemLogLevel", service: "lambda", operation: "CreateFunction", member: "LoggingConfig.SystemLogLevel" },
    ...manualTagMap("lambda", "CreateFunction"),
  ],
  "aws:lambda/permission:Permission": [
    { property: "action", service: "lambda", operation: "AddPermission", member: "Action" },
    { property: "function", service: "lambda", operation: "AddPermission", member: "FunctionName" },
    { property: "principal", service: "lambda", operation: "AddPermission", member: "Principal" },
    { property: "sourceAccount", service: "lambda", operation: "AddPermission", member: "SourceAccount" },
    { property: "statementId", service: "lambda", operation: "AddPermission", member: "StatementId" },
  ],
  "aws:lb/loadBalancer:LoadBalancer": [
    {
      property: "name",
      service: "elbv2",
      operation: "CreateLoadBalancer",
      member: "Name",
      autoname: true,
      manual: ELB_NAME("https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateLoadBalancer.html"),
    },
    { property: "loadBalancerType", service: "elbv2", operation: "CreateLoadBalancer", member: "Type" },
    { property: "ipAddressType", service: "elbv2", operation: "CreateLoadBalancer", member: "IpAddressType" },
    ...tagList("elbv2", "CreateLoadBalancer"),
  ],
  "aws:lb/targetGroup:TargetGroup": [
    {
      property: "name",
      service: "elbv2",
      operation: "CreateTargetGroup",
      member: "Name",
      autoname: true,
      manual: ELB_NAME("https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateTargetGroup.html"),
    },
    { property: "protocol", service: "elbv2", operation: "CreateTargetGroup", member: "Protocol" },
    { property: "protocolVersion", service: "elbv2", operation: "CreateTargetGroup", member: "ProtocolVersion" },
    { property: "targetType", service: "elbv2", operation: "CreateTargetGroup", member: "TargetType" },
    { property: "port", service: "elbv2", operation: "CreateTargetGroup", member: "Port" },
    { property: "healthCheck.path", service: "elbv2", operation: "CreateTargetGroup", member: "HealthCheckPath" },
    { property: "healthCheck.protocol", service: "elbv2", operation: "CreateTargetGroup", member: "HealthCheckProtocol" },
    { property: "healthCheck.interval", service: "elbv2", operation: "CreateTargetGroup", member: "HealthCheckIntervalSeconds" },
    { property: "healthCheck.timeout", service: "elbv2", operation: "CreateTargetGroup", member: "HealthCheckTimeoutSeconds" },
    { property: "healthCheck.healthyThreshold", service: "elbv2", operation: "CreateTargetGroup", member: "HealthyThresholdCount" },
    { property: "healthCheck.unhealthyThreshold", service: "elbv2", operation: "CreateTargetGroup", member: "UnhealthyThresholdCount" },
    ...tagList("elbv2", "CreateTargetGroup"),
  ],
  "aws:lb/listener:Listener": [
    { property: "protocol", service: "elbv2", operation: "CreateListener", member: "Protocol" },
    { property: "port", service: "elbv2", operation: "CreateListener", member: "Port" },
    { property: "sslPolicy", service: "elbv2", operation: "CreateListener", member: "SslPolicy" },
    ...tagList("elbv2", "CreateListener"),
  ],
  "aws:lb/listenerRule:ListenerRule": [{ property: "priority", service: "elbv2", operation: "CreateRule", member: "Priority" }, ...tagList("elbv2", "CreateRule")],
  "aws:rds/instance:Instance": [
    {
      property: "identifier",
      service: "rds",
      operation: "CreateDBInstance",
      member: "DBInstanceIdentifier",
      manual: { ...RDS_ID("DB instance identifier", 63), reference: "https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBInstance.html" },
    },
    {
      property: "dbName",
      service: "rds",
      operation: "CreateDBInstance",
      member: "DBName",
      manual: {
        minLength: 1,
        maxLength: 63,
        pattern: "^[A-Za-z_][A-Za-z0-9_]*$",
        reference: "https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBInstance.html",
        note: "PostgreSQL: 1 to 63 letters, digits or underscores, beginning with a letter or underscore",
      },
    },
    {
      property: "username",
      service: "rds",
      operation: "CreateDBInstance",
      member: "MasterUsername",
      manual: {
        minLength: 1,
        maxLength: 63,
        pattern: "^[A-Za-z][A-Za-z0-9_]*$",
        reference: "https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBInstance.html",
        note: "PostgreSQL: 1 to 63 letters or numbers, first a letter",
      },
    },
    {
      property: "finalSnapshotIdentifier",
      service: "rds",
      operation: "DeleteDBInstance",
      member: "FinalDBSnapshotIdentifier",
      manual: { ...RDS_ID("final snapshot identifier", 255), reference: "https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DeleteDBInstance.html" },
    },
    { property: "databaseInsightsMode", service: "rds", operation: "CreateDBInstance", member: "DatabaseInsightsMode" },
    {
      property: "networkType",
      service: "rds",
      operation: "CreateDBInstance",
      member: "NetworkType",
      manual: { enum: ["IPV4", "DUAL"], reference: "https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBInstance.html", note: "IPV4 or DUAL" },
    },
    {
      property: "storageType",
      service: "rds",
      operation: "CreateDBInstance",
      member: "StorageType",
      manual: {
        enum: ["gp2", "gp3", "io1", "io2", "standard"],
        reference: "https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBInstance.html",
        note: "gp2, gp3, io1, io2 or standard",
      },
    },
    {
      property: "backupRetentionPeriod",
      service: "rds",
      operation: "CreateDBInstance",
      member: "BackupRetentionPeriod",
      manual: { min: 0, max: 35, reference: "https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBInstance.html", note: "0 to 35 days" },
    },
    {
      property: "monitoringInterval",
      service: "rds",
      operation: "CreateDBInstance",
      member: "MonitoringInterval",
      manual: { enum: [0, 1, 5, 10, 15, 30, 60], reference: "https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBInstance.html", note: "0, 1, 5, 10, 15, 30 or 60 seconds" },
    },
    {
      property: "performanceInsightsRetentionPeriod",
      service: "rds",
      operation: "CreateDBInstance",
      member: "PerformanceInsightsRetentionPeriod",
      manual: {
        pattern: "^(7|731|(?:[1-9]|1[0-9]|2[0-3])\\*31)$",
        reference: "https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBInstance.html",
        note: "7, month * 31 (month 1 to 23), or 731",
      },
    },
    ...manualTags("rds", "CreateDBInstance"),
  ],
  "aws:rds/parameterGroup:ParameterGroup": [
    {
      property: "name",
      service: "rds",
      operation: "CreateDBParameterGroup",
      member: "DBParameterGroupName",
      autoname: true,
      manual: { ...RDS_ID("DB parameter group name", 255), reference: "https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBParameterGroup.html" },
    },
    { property: "description", service: "rds", operation: "CreateDBParameterGroup", member: "Description" },
    ...manualTags("rds", "CreateDBParameterGroup"),
  ],
  "aws:rds/subnetGroup:SubnetGroup": [
    {
      property: "name",
      service: "rds",
      operation: "CreateDBSubnetGroup",
      member: "DBSubnetGroupName",
      autoname: true,
      manual: {
        minLength: 1,
        maxLength: 255,
        pattern: "^(?!default$)[A-Za-z0-9._ -]+$",
        reference: "https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBSubnetGroup.html",
        note: "no more than 255 letters, numbers, periods, underscores, spaces or hyphens; not default",
      },
    },
    { property: "description", service: "rds", operation: "CreateDBSubnetGroup", member: "DBSubnetGroupDescription" },
    ...manualTags("rds", "CreateDBSubnetGroup"),
  ],
  "aws:s3/bucket:Bucket": [
    {
      property: "bucket",
      service: "s3",
      operation: "CreateBucket",
      member: "Bucket",
      manual: {
        minLength: 3,
        maxLength: 63,
        pattern: "^(?!xn--|sthree-|amzn-s3-demo-)(?!.*\\.\\.)(?!\\d+\\.\\d+\\.\\d+\\.\\d+$)[a-z0-9][a-z0-9.-]*[a-z0-9](?<!-s3alias|--ol-s3|--x-s3|--table-s3)$",
        reference: "https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html",
        note: "3 to 63 lowercase letters, numbers, dots and hyphens, beginning and ending with a letter or number; no adjacent dots, no IP address form, no reserved prefix or suffix",
      },
    },
    { property: "tags{key}", service: "s3", operation: "PutBucketTagging", member: "Tagging.TagSet[].Key" },
    {
      property: "tags{value}",
      service: "s3",
      operation: "PutBucketTagging",
      member: "Tagging.TagSet[].Value",
      manual: { maxLength: 256, reference: TAG_REF, note: "tag values are at most 256 characters" },
    },
  ],
  "aws:s3/bucketVersioning:BucketVersioning": [
    { property: "versioningConfiguration.status", service: "s3", operation: "PutBucketVersioning", member: "VersioningConfiguration.Status" },
    { property: "versioningConfiguration.mfaDelete", service: "s3", operation: "PutBucketVersioning", member: "VersioningConfiguration.MFADelete" },
  ],
  "aws:s3/bucketOwnershipControls:BucketOwnershipControls": [
    { property: "rule.objectOwnership", service: "s3", operation: "PutBucketOwnershipControls", member: "OwnershipControls.Rules[].ObjectOwnership" },
  ],
  "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration": [
    {
      property: "rules[].applyServerSideEncryptionByDefault.sseAlgorithm",
      service: "s3",
      operation: "PutBucketEncryption",
      member: "ServerSideEncryptionConfiguration.Rules[].ApplyServerSideEncryptionByDefault.SSEAlgorithm",
    },
  ],
  "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration": [
    {
      property: "rules[].id",
      service: "s3",
      operation: "PutBucketLifecycleConfiguration",
      member: "LifecycleConfiguration.Rules[].ID",
      manual: { maxLength: 255, reference: "https://docs.aws.amazon.com/AmazonS3/latest/API/API_LifecycleRule.html", note: "rule ID: up to 255 characters" },
    },
    { property: "rules[].status", service: "s3", operation: "PutBucketLifecycleConfiguration", member: "LifecycleConfiguration.Rules[].Status" },
  ],
  "aws:s3/bucketPolicy:BucketPolicy": [
    {
      property: "policy",
      service: "s3",
      operation: "PutBucketPolicy",
      member: "Policy",
      manual: { maxLength: 20480, reference: "https://docs.aws.amazon.com/AmazonS3/latest/userguide/example-bucket-policies.html", note: "bucket policies are limited to 20 KB" },
    },
  ],
  "aws:sns/topicPolicy:TopicPolicy": [
    {
      property: "policy",
      service: "sns",
      operation: "SetTopicAttributes",
      member: "AttributeValue",
      manual: { maxLength: 30720, reference: "https://docs.aws.amazon.com/sns/latest/api/API_SetTopicAttributes.html", note: "Policy attribute: at most 30 KB" },
    },
  ],
  "aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration": [
    { property: "redactedFields[].singleHeader.name", service: "wafv2", operation: "PutLoggingConfiguration", member: "LoggingConfiguration.RedactedFields[].SingleHeader.Name" },
  ],
  "aws:secretsmanager/secret:Secret": [
    {
      property: "name",
      service: "secretsmanager",
      operation: "CreateSecret",
      member: "Name",
      manual: { pattern: "^[A-Za-z0-9/_+=.@-]+$", reference: "https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_CreateSecret.html", note: "ASCII letters, numbers and /_+=.@-" },
    },
    { property: "description", service: "secretsmanager", operation: "CreateSecret", member: "Description" },
    {
      property: "recoveryWindowInDays",
      service: "secretsmanager",
      operation: "DeleteSecret",
      member: "RecoveryWindowInDays",
      manual: { min: 7, max: 30, reference: "https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_DeleteSecret.html", note: "7 to 30 days (0 forces deletion without recovery)" },
    },
    ...tagList("secretsmanager", "CreateSecret"),
  ],
  "aws:secretsmanager/secretPolicy:SecretPolicy": [{ property: "policy", service: "secretsmanager", operation: "PutResourcePolicy", member: "ResourcePolicy" }],
  "aws:secretsmanager/secretRotation:SecretRotation": [
    { property: "rotationRules.automaticallyAfterDays", service: "secretsmanager", operation: "RotateSecret", member: "RotationRules.AutomaticallyAfterDays" },
    { property: "rotationRules.scheduleExpression", service: "secretsmanager", operation: "RotateSecret", member: "RotationRules.ScheduleExpression" },
    { property: "rotationRules.duration", service: "secretsmanager", operation: "RotateSecret", member: "RotationRules.Duration" },
  ],
  "aws:secretsmanager/secretVersion:SecretVersion": [{ property: "secretString", service: "secretsmanager", operation: "PutSecretValue", member: "SecretString" }],
  "aws:serverlessrepository/cloudFormationStack:CloudFormationStack": [
    {
      property: "name",
      service: "serverlessrepo",
      operation: "CreateCloudFormationChangeSet",
      member: "StackName",
      manual: {
        minLength: 1,
        maxLength: 113,
        pattern: "^[A-Za-z][A-Za-z0-9-]*$",
        reference: "https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_CreateStack.html",
        note: "the repository prefixes serverlessrepo- (15 characters) to a CloudFormation stack name: letters, digits and hyphens, first a letter, at most 128 in all",
      },
    },
    ...manualTags("serverlessrepo", "CreateCloudFormationChangeSet"),
  ],
  "aws:sns/topic:Topic": [
    {
      property: "name",
      service: "sns",
      operation: "CreateTopic",
      member: "Name",
      manual: {
        minLength: 1,
        maxLength: 256,
        pattern: "^[A-Za-z0-9_-]+(\\.fifo)?$",
        reference: "https://docs.aws.amazon.com/sns/latest/api/API_CreateTopic.html",
        note: "1 to 256 ASCII letters, numbers, underscores and hyphens (.fifo suffix for FIFO topics)",
      },
    },
    {
      property: "displayName",
      service: "sns",
      operation: "CreateTopic",
      member: "Attributes{value}",
      manual: { maxLength: 100, reference: "https://docs.aws.amazon.com/sns/latest/api/API_SetTopicAttributes.html", note: "DisplayName: at most 100 characters" },
    },
    ...tagList("sns", "CreateTopic"),
  ],
  "aws:sns/topicSubscription:TopicSubscription": [
    {
      property: "protocol",
      service: "sns",
      operation: "Subscribe",
      member: "Protocol",
      manual: {
        enum: ["http", "https", "email", "email-json", "sms", "sqs", "application", "lambda", "firehose"],
        reference: "https://docs.aws.amazon.com/sns/latest/api/API_Subscribe.html",
        note: "one of the protocols Subscribe lists",
      },
    },
  ],
  "aws:wafv2/webAcl:WebAcl": [
    { property: "name", service: "wafv2", operation: "CreateWebACL", member: "Name" },
    { property: "description", service: "wafv2", operation: "CreateWebACL", member: "Description" },
    { property: "scope", service: "wafv2", operation: "CreateWebACL", member: "Scope" },
    { property: "visibilityConfig.metricName", service: "wafv2", operation: "CreateWebACL", member: "VisibilityConfig.MetricName" },
    { property: "rules[].name", service: "wafv2", operation: "CreateWebACL", member: "Rules[].Name" },
    { property: "rules[].priority", service: "wafv2", operation: "CreateWebACL", member: "Rules[].Priority" },
    { property: "rules[].visibilityConfig.metricName", service: "wafv2", operation: "CreateWebACL", member: "Rules[].VisibilityConfig.MetricName" },
    { property: "rules[].statement.rateBasedStatement.limit", service: "wafv2", operation: "CreateWebACL", member: "Rules[].Statement.RateBasedStatement.Limit" },
    { property: "rules[].statement.rateBasedStatement.aggregateKeyType", service: "wafv2", operation: "CreateWebACL", member: "Rules[].Statement.RateBasedStatement.AggregateKeyType" },
    { property: "rules[].statement.managedRuleGroupStatement.name", service: "wafv2", operation: "CreateWebACL", member: "Rules[].Statement.ManagedRuleGroupStatement.Name" },
    { property: "rules[].statement.managedRuleGroupStatement.vendorName", service: "wafv2", operation: "CreateWebACL", member: "Rules[].Statement.ManagedRuleGroupStatement.VendorName" },
    { property: "customResponseBodies[].key", service: "wafv2", operation: "CreateWebACL", member: "CustomResponseBodies{key}" },
    { property: "customResponseBodies[].content", service: "wafv2", operation: "CreateWebACL", member: "CustomResponseBodies{value}.Content" },
    { property: "customResponseBodies[].contentType", service: "wafv2", operation: "CreateWebACL", member: "CustomResponseBodies{value}.ContentType" },
    ...tagList("wafv2", "CreateWebACL"),
  ],
};
