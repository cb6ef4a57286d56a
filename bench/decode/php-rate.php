<?php
// PHP's own C decoder: session_decode() of one payload in a loop for ~1 CPU-second, best of 3.
// argv: handler, payload file. Prints JSON {"perSec": n}.
ob_start();
ini_set('session.use_cookies', '0');
ini_set('session.save_path', sys_get_temp_dir());
ini_set('session.serialize_handler', $argv[1]);
$data = file_get_contents($argv[2]);
session_start();
if (!session_decode($data)) { fwrite(STDERR, "session_decode failed\n"); exit(1); }
/** CPU seconds of this process (user + system), like the Node side measures. */
function cpu(): float {
    $r = getrusage();
    return $r['ru_utime.tv_sec'] + $r['ru_utime.tv_usec'] / 1e6 + $r['ru_stime.tv_sec'] + $r['ru_stime.tv_usec'] / 1e6;
}
$best = 0;
for ($round = 0; $round < 3; $round++) {
    $n = 0;
    $t0 = cpu();
    do {
        for ($i = 0; $i < 100; $i++) session_decode($data);
        $n += 100;
        $dt = cpu() - $t0;
    } while ($dt < 1.0);
    $best = max($best, $n / $dt);
}
session_abort();
ob_end_clean();
echo json_encode(['perSec' => $best]);
