import type { Migration } from './types';
import { migration010 } from './010-initial';
import { migration020 } from './020-snapshots';
import { migration030 } from './030-dataset-imports';
import { migration070 } from './070-run-evaluations';
import { migration080 } from './080-run-leases';
import { migration100 } from './100-sweeps';

/** Every migration in order. Add a file per step; never edit one that has shipped. */
export const migrations: readonly Migration[] = [migration010, migration020, migration030, migration070, migration080, migration100];

export const latestSchemaVersion = migrations[migrations.length - 1]!.version;
