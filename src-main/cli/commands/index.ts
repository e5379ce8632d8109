/** Every CLI command, in the order `callboard help` lists them. Add a command with one line. */
import type { CliCommand } from '../types';
import { profilesCommand } from './profiles';
import { secretCommand } from './secret';
import { testCommand } from './test';
import { cdrCommand } from './cdr';

export const commands: CliCommand[] = [profilesCommand, secretCommand, testCommand, cdrCommand];
