/**
 * The one nginx site template of the bench setups that do not use the shipped example site: the
 * shipped http-level include, a server on the bench port with the app root and the shipped named
 * locations (@isauth_cache, @php…), and the setup's own locations. Everything a setup changes is
 * in `locations`, so the setups differ only where their auth check differs.
 */
export function benchSite(port: number, appRoot: string, locations: string): string {
  return `
    include isauth/isauth-http.conf;
    server {
        listen 127.0.0.1:${port};
        root ${appRoot};
        include isauth/isauth-named.conf;
${locations}
    }`;
}
