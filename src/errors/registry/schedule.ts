/** The nightly run (kluis schedule) and the watch over it (kluis check). */
import { defineErrors, ExitCode } from '../definition.js';

export const scheduleErrors = defineErrors({
  SCHEDULE_TIME_INVALID: {
    exit: ExitCode.usage,
    category: 'usage',
    message: {
      nl: 'Tijdstip "{input}" is ongeldig: gebruik UU:MM, bijvoorbeeld 02:30.',
      en: 'Time "{input}" is invalid: use HH:MM, for example 02:30.',
    },
  },
  SCHEDULE_METHOD_UNAVAILABLE: {
    exit: ExitCode.environment,
    category: 'environment',
    message: {
      nl: 'Op deze computer is geen {method} te vinden om de nachtelijke back-up mee in te plannen.',
      en: 'There is no {method} on this computer to schedule the nightly run with.',
    },
    hints: [
      {
        nl: 'Laat --method weg: kluis kiest dan systemd of cron, wat er is.',
        en: 'Leave out --method: kluis then chooses systemd or cron, whichever is there.',
        web: null,
      },
    ],
  },
  SCHEDULE_NO_SCHEDULER: {
    exit: ExitCode.environment,
    category: 'environment',
    message: {
      nl: 'Op deze computer draait geen systemd en is geen cron te vinden, dus kluis kan de nachtelijke back-up niet zelf inplannen.',
      en: 'This computer runs no systemd and has no cron, so kluis cannot schedule the nightly run itself.',
    },
    hints: [
      {
        nl: 'Hierboven staat wat waar moet: de twee systemd-bestanden, of de regel voor cron. Of laat de planner van uw systeem elke nacht de opdracht uitvoeren die eronder staat.',
        en: 'Above is what goes where: the two systemd files, or the line for cron. Or let your system’s scheduler run the command shown below them every night.',
        web: null,
      },
    ],
  },
  SCHEDULE_TOOL_FAILED: {
    exit: ExitCode.environment,
    category: 'environment',
    message: {
      nl: '"{command}" is mislukt, dus de nachtelijke back-up is niet {what}.',
      en: '"{command}" failed, so the nightly run was not {what}.',
    },
    hints: [
      {
        nl: 'Voer "{command}" zelf uit om te zien wat er misgaat; de bestanden staan klaar.',
        en: 'Run "{command}" yourself to see what goes wrong; the files are in place.',
        web: null,
      },
    ],
  },
  SCHEDULE_PATH_UNFIT: {
    exit: ExitCode.usage,
    category: 'usage',
    message: {
      nl: 'Het pad "{path}" kan niet in een systemd-eenheid of cron-regel: het is niet absoluut of bevat een regeleinde of stuurteken.',
      en: 'The path "{path}" cannot go into a systemd unit or cron line: it is not absolute or holds a line break or control character.',
    },
    hints: [
      {
        nl: 'Gebruik een thuismap (--home) met een gewone, volledige naam.',
        en: 'Use a home folder (--home) with a plain, full name.',
        web: null,
      },
    ],
  },
  SCHEDULE_NO_REPOSITORY: {
    exit: ExitCode.usage,
    category: 'usage',
    message: {
      nl: 'Er is nog geen opslagplaats ingesteld, dus de nachtelijke back-up weet niet waar de back-ups heen moeten.',
      en: 'No repository is set up yet, so the nightly run does not know where the backups go.',
    },
    hints: [
      {
        nl: 'Voeg er een toe met "kluis repository add <naam> <map of s3://bucket/prefix>".',
        en: 'Add one with "kluis repository add <name> <folder or s3://bucket/prefix>".',
        web: null,
      },
    ],
  },
  SCHEDULE_RUN_BUSY: {
    exit: ExitCode.inUse,
    category: 'user',
    message: {
      nl: 'De nachtelijke back-up loopt al: {holder}.',
      en: 'The nightly run is already running: {holder}.',
    },
    hints: [
      {
        nl: 'Wacht tot die klaar is; "kluis schedule status" laat zien hoe het ging.',
        en: 'Wait until it is done; "kluis schedule status" shows how it went.',
        web: null,
      },
    ],
  },
  SCHEDULE_RECORD_DAMAGED: {
    exit: ExitCode.damagedFile,
    category: 'corruption',
    message: {
      nl: 'Bestand "{path}" van de nachtelijke back-up is beschadigd of door iets anders geschreven.',
      en: 'File "{path}" of the nightly run is damaged or was written by something else.',
    },
    hints: [
      {
        nl: 'Installeer het schema opnieuw ("kluis schedule install"); het verslag begint dan opnieuw.',
        en: 'Install the schedule again ("kluis schedule install"); the record then starts afresh.',
        web: null,
      },
    ],
  },
  SCHEDULE_NOT_COPIED: {
    exit: ExitCode.environment,
    category: 'environment',
    message: {
      nl: 'De back-up is gemaakt, maar er kwam geen kopie in deze opslagplaats.',
      en: 'The backup was made, but no copy reached this repository.',
    },
    hints: [
      {
        nl: 'Controleer de opslagplaats met "kluis repository test <naam>".',
        en: 'Check the repository with "kluis repository test <name>".',
        web: null,
      },
    ],
  },
  SCHEDULE_RUN_STOPPED: {
    exit: ExitCode.cancelled,
    category: 'user',
    message: {
      nl: 'De nachtelijke back-up is op verzoek gestopt: {made} van de {total} administraties kregen overal een nieuwe back-up, de andere niet, en er is niets opgeruimd.',
      en: 'The nightly run was stopped as asked: {made} of the {total} administrations got a new backup everywhere, the others did not, and nothing was pruned.',
    },
    hints: [
      {
        nl: 'Voer "kluis schedule run" uit om de rest te maken.',
        en: 'Run "kluis schedule run" to make the rest.',
        web: null,
      },
    ],
  },
  SCHEDULE_RUN_INCOMPLETE: {
    exit: ExitCode.needsAttention,
    category: 'environment',
    message: {
      nl: 'De nachtelijke back-up is niet helemaal gelukt: {failed}.',
      en: 'The nightly run did not fully succeed: {failed}.',
    },
    hints: [
      {
        nl: '"kluis schedule status" toont per administratie en opslagplaats wat er misging.',
        en: '"kluis schedule status" shows per administration and repository what went wrong.',
        web: null,
      },
    ],
  },
  CHECK_FOUND_PROBLEMS: {
    exit: ExitCode.needsAttention,
    category: 'environment',
    message: {
      nl: 'Niet alles is in orde: {findings}.',
      en: 'Not everything is in order: {findings}.',
    },
    hints: [
      {
        nl: 'Maak een back-up van wat hierboven staat ("kluis backup all"), en kijk met "kluis schedule status" naar de laatste nachtelijke back-up.',
        en: 'Back up what is listed above ("kluis backup all"), and look at the last run with "kluis schedule status".',
        web: null,
      },
    ],
  },
  PING_URL_INVALID: {
    exit: ExitCode.usage,
    category: 'usage',
    message: {
      nl: 'Pingadres "{input}" is ongeldig: gebruik een adres dat met http:// of https:// begint.',
      en: 'Ping address "{input}" is invalid: use an address that starts with http:// or https://.',
    },
  },
});
