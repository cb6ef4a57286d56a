<?php
// Reads a JSON list of strings on stdin and prints the JSON list of Str::slug($s, '_') made by
// Debian's Laravel (Illuminate\Support\Str, with voku/portable-ascii): the reference for
// src/profiles/laravel-names.ts.
require '/usr/share/php/Illuminate/Support/autoload.php';

use Illuminate\Support\Str;

$titles = json_decode(stream_get_contents(STDIN), true, 4, JSON_THROW_ON_ERROR);
echo json_encode(array_map(fn ($t) => Str::slug($t, '_'), $titles), JSON_UNESCAPED_UNICODE | JSON_THROW_ON_ERROR);
