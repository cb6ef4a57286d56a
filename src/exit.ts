/**
 * isauth's exit statuses, the same for every subcommand (docs/errors.md#exit-status). 64 and 78
 * are the BSD sysexits EX_USAGE and EX_CONFIG: a process manager can tell "do not restart, the
 * configuration is wrong" (systemd: `RestartPreventExitStatus=78`) from a crash (1).
 */
export const EXIT = Object.freeze({
  /** Done (`serve`: stopped by a signal after draining). */
  ok: 0,
  /** A failure while running (`serve` could not start or listen; `init`: the application or a tool failed). */
  failed: 1,
  /** Unknown subcommand, bad arguments (CLI_USAGE). */
  usage: 64,
  /** The configuration does not validate (CONFIG_INVALID: every problem listed, each naming its flag). */
  config: 78,
});
