import type { Command } from '../command';
import { serveCommand } from './serve';
import { runsCommand } from './runs';
import { importCommand } from './import';
import { trainCommand } from './train';
import { resumeCommand } from './resume';
import { backbonesCommand } from './backbones';
import { embedCommand } from './embed';
import { tokenizeCommand } from './tokenize';
import { evalCommand } from './eval';
import { predictCommand } from './predict';
import { exportCommand } from './export';

/** Every CLI command; each issue adds its own. Order is the order --help lists them. */
export const commands: readonly Command[] = [serveCommand, importCommand, backbonesCommand, embedCommand, tokenizeCommand, trainCommand, resumeCommand, evalCommand, predictCommand, exportCommand, runsCommand];
