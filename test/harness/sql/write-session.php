<?php
// Writes one PHP session into an SQL table the way a real site does, through PHP's own session
// machinery (session_set_save_handler + session_start + session_write_close):
//   plain   — the classic hand-written PDO handler (sessions(session_id, session_data, session_expiration)),
//   symfony — Symfony's own PdoSessionHandler (Debian php-symfony-http-foundation 5.4) + Session,
//   drupal  — what Drupal 8+'s Drupal\Core\Session\SessionHandler::write() does: MERGE into
//             sessions(uid, sid, hostname, timestamp, session) keyed by Crypt::hashBase64($sid)
//             (base64 of the raw sha256, +/ → -_, no padding), uid from the session's `uid` attribute.
//   symfony_handler — Symfony's PdoSessionHandler alone, as PHP's save handler (no Session object).
// With `raw` (base64), the handler writes exactly those bytes instead of the serialized session
// (the handler's code — key, columns, expiry — is the real one; only the payload is ours).
// stdin: JSON {mode, dsn, user, id, code (PHP run with $_SESSION / $session in scope), lifetime?, raw?}
// stdout: JSON {id}
$in = json_decode(stream_get_contents(STDIN), true, 16, JSON_THROW_ON_ERROR);
$pdo = new PDO($in['dsn'], $in['user'], null, [PDO::ATTR_ERRMODE => PDO::ERRMODE_EXCEPTION]);
$lifetime = (int) ($in['lifetime'] ?? 1440);
ini_set('session.gc_maxlifetime', (string) $lifetime);
ini_set('session.use_strict_mode', '0');
ini_set('session.gc_probability', '0');
ini_set('session.lazy_write', '0');

require __DIR__ . '/plain-pdo-handler.php';

final class DrupalLikeHandler implements SessionHandlerInterface
{
    public function __construct(private PDO $pdo) {}
    public static function hashBase64(string $data): string
    {
        return str_replace(['+', '/', '='], ['-', '_', ''], base64_encode(hash('sha256', $data, true)));
    }
    public function open($path, $name): bool { return true; }
    public function close(): bool { return true; }
    public function read($id): string|false
    {
        $st = $this->pdo->prepare('SELECT session FROM sessions WHERE sid = ?');
        $st->execute([self::hashBase64($id)]);
        return (string) $st->fetchColumn();
    }
    public function write($id, $data): bool
    {
        $uid = (int) ($_SESSION['_sf2_attributes']['uid'] ?? 0);
        $this->pdo->beginTransaction();
        $this->pdo->prepare('DELETE FROM sessions WHERE sid = ?')->execute([self::hashBase64($id)]);
        $st = $this->pdo->prepare('INSERT INTO sessions (uid, sid, hostname, timestamp, session) VALUES (?, ?, ?, ?, ?)');
        $st->bindValue(1, $uid, PDO::PARAM_INT);
        $st->bindValue(2, self::hashBase64($id));
        $st->bindValue(3, '127.0.0.1');
        $st->bindValue(4, time(), PDO::PARAM_INT);
        $st->bindValue(5, $data, PDO::PARAM_LOB);
        $st->execute();
        return $this->pdo->commit();
    }
    public function destroy($id): bool { return $this->pdo->prepare('DELETE FROM sessions WHERE sid = ?')->execute([self::hashBase64($id)]); }
    public function gc($max): int|false { return 0; }
}

final class RawPayload implements SessionHandlerInterface
{
    public function __construct(private SessionHandlerInterface $inner, private string $raw) {}
    public function open($path, $name): bool { return $this->inner->open($path, $name); }
    public function close(): bool { return $this->inner->close(); }
    public function read($id): string|false { return $this->inner->read($id); }
    public function write($id, $data): bool { return $this->inner->write($id, $this->raw); }
    public function destroy($id): bool { return $this->inner->destroy($id); }
    public function gc($max): int|false { return $this->inner->gc($max); }
}

function saveHandler(SessionHandlerInterface $h, array $in): void
{
    if (isset($in['raw'])) $h = new RawPayload($h, base64_decode($in['raw'], true));
    session_set_save_handler($h, true);
}

$session = null;
switch ($in['mode']) {
    case 'plain':
        saveHandler(new PlainPdoHandler($pdo, $lifetime), $in);
        break;
    case 'drupal':
        saveHandler(new DrupalLikeHandler($pdo), $in);
        break;
    case 'symfony_handler':
        require '/usr/share/php/Symfony/Component/HttpFoundation/autoload.php';
        saveHandler(new Symfony\Component\HttpFoundation\Session\Storage\Handler\PdoSessionHandler($pdo, ['lock_mode' => 0]), $in);
        break;
    case 'symfony':
        require '/usr/share/php/Symfony/Component/HttpFoundation/autoload.php';
        $handler = new Symfony\Component\HttpFoundation\Session\Storage\Handler\PdoSessionHandler($pdo, ['lock_mode' => 0]);
        $storage = new Symfony\Component\HttpFoundation\Session\Storage\NativeSessionStorage([], $handler);
        $session = new Symfony\Component\HttpFoundation\Session\Session($storage);
        $session->setId($in['id']);
        $session->start();
        eval($in['code']);
        $session->save();
        echo json_encode(['id' => $session->getId()]);
        exit(0);
    default:
        throw new RuntimeException('unknown mode');
}
session_id($in['id']);
session_start();
eval($in['code']);
session_write_close();
echo json_encode(['id' => $in['id']]);
