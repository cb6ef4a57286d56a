<?php
// The classic hand-written PDO session handler (sessions(session_id, session_data,
// session_expiration)), as many sites write it: isauth's `schema=plain` reads its table. Used by
// write-session.php (the tests) and bench/sessions.ts (the bench's SQL setups).
final class PlainPdoHandler implements SessionHandlerInterface
{
    public function __construct(private PDO $pdo, private int $lifetime) {}
    public function open($path, $name): bool { return true; }
    public function close(): bool { return true; }
    public function read($id): string|false
    {
        $st = $this->pdo->prepare('SELECT session_data FROM sessions WHERE session_id = ? AND session_expiration >= ?');
        $st->execute([$id, time()]);
        return (string) $st->fetchColumn();
    }
    public function write($id, $data): bool
    {
        $this->pdo->beginTransaction();
        $this->pdo->prepare('DELETE FROM sessions WHERE session_id = ?')->execute([$id]);
        $this->pdo->prepare('INSERT INTO sessions (session_id, session_data, session_expiration) VALUES (?, ?, ?)')
            ->execute([$id, $data, time() + $this->lifetime]);
        return $this->pdo->commit();
    }
    public function destroy($id): bool { return $this->pdo->prepare('DELETE FROM sessions WHERE session_id = ?')->execute([$id]); }
    public function gc($max): int|false { return $this->pdo->prepare('DELETE FROM sessions WHERE session_expiration < ?')->execute([time()]) ? 0 : false; }
}
