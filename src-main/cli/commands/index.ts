/** Every CLI command, in the order `callboard help` lists them. Add a command with one line. */
import type { CliCommand } from '../types';
import { profilesCommand } from './profiles';
import { secretCommand } from './secret';
import { testCommand } from './test';
import { linkCommand } from './link';
import { originateCommand } from './originate';
import { auditCommand } from './audit';
import { cdrCommand } from './cdr';
import { callsCommand } from './calls';
import { registrationsCommand } from './registrations';
import { callCommand } from './call';
import { statsCommand } from './stats';
import { watchCommand } from './watch';

export const commands: CliCommand[] = [profilesCommand, secretCommand, testCommand, cdrCommand, callsCommand, registrationsCommand, callCommand, statsCommand, watchCommand, linkCommand, originateCommand, auditCommand];
