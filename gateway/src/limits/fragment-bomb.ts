/**
 * A document of about 1 KB whose fragments double `levels` times: expanded, it selects
 * 2^levels fields. The shape attackers send to hold a server's CPU; the limits must refuse it
 * without expanding it.
 */
export function fragmentBomb(levels: number, rootField = 'bedBoard', leafField = 'id'): string {
  const fragments = [`fragment F0 on Query { ${rootField} { ${leafField} } }`];
  for (let i = 1; i <= levels; i++) fragments.push(`fragment F${i} on Query { ...F${i - 1} ...F${i - 1} }`);
  return `query Bomb { ...F${levels} } ${fragments.join(' ')}`;
}
