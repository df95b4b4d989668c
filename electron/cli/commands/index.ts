import type { CliCommand } from '../command';
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
import { attentionCommand } from './attention';
import { explainCommand } from './explain';
import { workerCommand } from './worker';
import { sweepCommand } from './sweep';

/**
 * Every CLI command, in the order --help lists them. A new command is one file in this folder
 * exporting a CliCommand, plus one line here.
 */
export const commands: readonly CliCommand[] = [serveCommand, importCommand, backbonesCommand, embedCommand, tokenizeCommand, trainCommand, resumeCommand, evalCommand, predictCommand, exportCommand, runsCommand, attentionCommand, explainCommand, workerCommand, sweepCommand];
