/** The demo catalog at this scale is the integration tests' fixture (a few hundred items). */
export const FIXTURE_SCALE = 0.05;
