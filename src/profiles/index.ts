/**
 * Framework profiles: each picks the stages of the path a kind of site needs. One table; the
 * docs' profile table (docs/architecture.md) lists each profile's choices.
 */
import type { Config } from '../config/schema.js';
import type { KeyFilter } from '../php/options.js';
import type { FrameworkName } from './names.js';
import { django } from './django.js';
import { laravel } from './laravel.js';
import { plain } from './plain.js';
import { symfony } from './symfony.js';
import { wordpress } from './wordpress.js';
import type { Profile, StageChoices } from './types.js';

export { FRAMEWORKS, type FrameworkName } from './names.js';

export const PROFILES: Readonly<Record<FrameworkName, Profile>> = Object.freeze({ plain, symfony, laravel, django, wordpress });

export type { Profile, StageChoices } from './types.js';

/** The stage choices of `config`'s profile for its store; `wanted`: the variables to decode. */
export function chooseStages(config: Config, wanted: KeyFilter): StageChoices {
  return PROFILES[config.framework].stages(config, wanted);
}
