import { ToolError } from '../errors/index.js';

/** A file name inside a repository: no folders, nothing hidden, nothing that climbs out. */
export function checkFileName(name: string): string {
  if (name === '' || name.includes('/') || name.includes('\\') || name.startsWith('.') || name.length > 255)
    throw new ToolError('REPOSITORY_NAME_INVALID', { name });
  return name;
}
