/**
 * A size as people read it (binary units, one decimal above a KiB). Here and
 * not in a shell because the command line and both wizards show the same
 * sizes of the same backups.
 */
export function formatBytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = n;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${u === 0 ? v : v.toFixed(1)} ${units[u]}`;
}
