/** Defaults of SecureBucket: one place for each. */

export const DEFAULT_NONCURRENT_VERSION_DAYS = 90;
export const DEFAULT_ABORT_INCOMPLETE_UPLOAD_DAYS = 7;
export const DEFAULT_ACCESS_LOG_RETENTION_DAYS = 365;
/** The dedicated log bucket keeps noncurrent log versions this long. */
export const LOG_NONCURRENT_VERSION_DAYS = 30;
export const DEFAULT_CORS_METHODS = ["GET", "HEAD"] as const;
export const CORS_METHODS = ["GET", "HEAD", "PUT", "POST", "DELETE"] as const;
/** Request headers a browser upload or download sends (pre-signed URLs carry auth in the query). */
export const CORS_ALLOWED_HEADERS = ["Authorization", "Content-Type", "Content-MD5", "x-amz-*"] as const;
export const CORS_MAX_AGE_SECONDS = 3000;
/** Object Lock retention bounds (S3 accepts up to 100 years). */
export const OBJECT_LOCK_MAX_DAYS = 36500;
/** S3 bucket names are 3 to 63 characters. */
export const MAX_BUCKET_NAME_LENGTH = 63;
/** Service principal of S3 server access log delivery. */
export const S3_LOG_DELIVERY_PRINCIPAL = "logging.s3.amazonaws.com";
/** TLS floor for every request (TLS-1): older clients are denied by the bucket policy. */
export const MIN_TLS_VERSION = 1.2;
export const READ_ACTIONS = ["s3:GetObject", "s3:GetObjectVersion"] as const;
export const WRITE_ACTIONS = ["s3:PutObject", "s3:AbortMultipartUpload", "s3:DeleteObject"] as const;
/** KMS operations S3 performs for the roles with SSE-KMS. */
export const READ_KEY_OPERATIONS = ["Decrypt"] as const;
export const WRITE_KEY_OPERATIONS = ["Decrypt", "GenerateDataKey"] as const;
