/** The subcommands, for `isauth help`, `isauth --help` and usage errors. */
export const USAGE = `usage: isauth [serve] [options]        run the service (the default; options below)
       isauth decode [--serializer php|php_binary|php_serialize|igbinary] [FILE|-]
                                        print a PHP session as JSON
       isauth check SID [serve options] [--show-session] [--json]
                                        the decision for one session and why (exit 0 logged
                                        in, 1 not, 2 unknown, 64+ usage/config errors)
       isauth --check-config [options] [--probe]
                                        validate the configuration, say where each value came
                                        from; --probe also reads the store once
       isauth help | --help | --version`;
