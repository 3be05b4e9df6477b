/** The dependencies every service receives from the composition root (container.ts). */
import type { Logger } from 'pino';
import type { DialectName } from '../db/database.ts';
import type { Db } from '../db/transaction.ts';
import type { Config } from './config.ts';
import type { KeyStore } from './key-store.ts';
import type { Mailer } from './mailer.ts';

export interface Clock {
  now(): Date;
}

export interface Deps {
  db: Db;
  dialect: DialectName;
  clock: Clock;
  /** Cryptographically secure random bytes. */
  random: (n: number) => Uint8Array;
  logger: Logger;
  mailer: Mailer;
  keyStore: KeyStore;
  config: Config;
}

/** Adds hours to a date and returns the ISO string. */
export function isoPlusHours(d: Date, hours: number): string {
  return new Date(d.getTime() + hours * 3_600_000).toISOString();
}
