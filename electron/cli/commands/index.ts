import type { Command } from '../command';
import { serveCommand } from './serve';
import { runsCommand } from './runs';
import { importCommand } from './import';
import { trainCommand } from './train';
import { evalCommand } from './eval';
import { predictCommand } from './predict';
import { exportCommand } from './export';

/** Every CLI command; each issue adds its own. Order is the order --help lists them. */
export const commands: readonly Command[] = [serveCommand, importCommand, trainCommand, evalCommand, predictCommand, exportCommand, runsCommand];
