/**
 * What `npm run lint:electron` accepts from electronegativity: no finding of medium severity or
 * above unless it is explained in the allow-list, no explanation left behind for a finding that is
 * gone, and no file the scanner could not read (it skips those silently).
 */

export type Severity = 'INFORMATIONAL' | 'LOW' | 'MEDIUM' | 'HIGH';

/** One finding as the scanner reports it (file relative to the scanned folder, or "N/A"). */
export interface Finding {
  id: string;
  file: string;
  line: number;
  severity: Severity;
}

/** A finding we keep, with the reason it is not a hole. */
export interface Allowance {
  id: string;
  file: string;
  reason: string;
}

export interface ScanError {
  file: string;
  message: string;
}

export interface Verdict {
  problems: string[];
}

const RANK: Record<Severity, number> = { INFORMATIONAL: 0, LOW: 1, MEDIUM: 2, HIGH: 3 };

/** Source files the scanner skips without a word (it reads .ts, .tsx, .js, .jsx, .html, .json). */
const UNREAD_SOURCE = /\.(mts|cts|mjs|cjs)$/;

function allows(allowance: Allowance, finding: Finding): boolean {
  return allowance.id === finding.id && allowance.file === finding.file;
}

export function judgeScan(
  scan: { findings: readonly Finding[]; errors: readonly ScanError[]; files: readonly string[] },
  allowList: readonly Allowance[],
): Verdict {
  const problems: string[] = [];
  for (const file of scan.files.filter((f) => UNREAD_SOURCE.test(f))) {
    problems.push(`${file}: electronegativity does not read this kind of file`);
  }
  for (const error of scan.errors) {
    problems.push(`${error.file}: electronegativity could not parse it (${error.message})`);
  }
  const serious = scan.findings.filter((f) => RANK[f.severity] >= RANK.MEDIUM);
  for (const finding of serious.filter((f) => !allowList.some((a) => allows(a, f)))) {
    problems.push(
      `${finding.file}:${finding.line}: ${finding.id} (${finding.severity}) is neither fixed nor explained`,
    );
  }
  for (const allowance of allowList.filter((a) => !serious.some((f) => allows(a, f)))) {
    problems.push(
      `${allowance.file}: ${allowance.id} is explained in the allow-list but no longer found: remove it`,
    );
  }
  return { problems };
}
