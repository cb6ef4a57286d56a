/** The `--framework` names (kept apart from the profiles so the config schema can list them). */
export const FRAMEWORKS = ['plain', 'symfony', 'laravel', 'django', 'wordpress'] as const;
export type FrameworkName = (typeof FRAMEWORKS)[number];
