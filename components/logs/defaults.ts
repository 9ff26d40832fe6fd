import { LogClass } from "./args";

/** LOG-2/LOG-3: security 90 d and 7-year audit per the seeds; application and network are engineering choices. */
export const DEFAULT_RETENTION_DAYS: Readonly<Record<LogClass, number>> = {
  application: 30,
  security: 90,
  "security-critical": 365,
  audit: 2557,
  network: 90,
};

/** Prod floors per class: the pack checks groups tagged with a class against these (LOG-2, LOG-3). */
export const PROD_MIN_RETENTION_DAYS: Readonly<Record<LogClass, number>> = {
  application: 30,
  security: 90,
  "security-critical": 365,
  audit: 2557,
  network: 90,
};

/** The groups every stack has (LOG-2, LOG-3): purpose (last name segment) to class. The app writes security and audit events to them. */
export const STANDARD_GROUPS = {
  security: "security",
  "security-critical": "security-critical",
  audit: "audit",
} as const satisfies Record<string, LogClass>;

/** Classes whose groups are evidence (security events, audit trail): `protect` and `retainOnDelete` in prod. */
export const KEPT_CLASSES: readonly LogClass[] = ["security", "security-critical", "audit"];
