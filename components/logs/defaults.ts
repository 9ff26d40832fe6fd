import { LogClass } from "./args";

/** LOG-2/LOG-3: security 90 d and 7-year audit per the seeds; application and network are engineering choices. */
export const DEFAULT_RETENTION_DAYS: Readonly<Record<LogClass, number>> = {
  application: 30,
  security: 90,
  audit: 2557,
  network: 90,
};

/** Prod floors per class: the pack checks groups tagged with a class against these (LOG-2, LOG-3). */
export const PROD_MIN_RETENTION_DAYS: Readonly<Record<LogClass, number>> = {
  application: 30,
  security: 90,
  audit: 2557,
  network: 90,
};
