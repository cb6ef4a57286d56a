/** Every framework profile, by its `--framework` name. Adding a framework: its file, and one line here. */
import { django } from './django.js';
import { laravel } from './laravel.js';
import type { FrameworkName } from '../options/frameworks.js';
import { plain } from './plain.js';
import { symfony } from './symfony.js';
import { wordpress } from './wordpress.js';
import type { Profile } from './types.js';

export const PROFILES: Readonly<Record<FrameworkName, Profile>> = Object.freeze({ plain, symfony, laravel, django, wordpress });
