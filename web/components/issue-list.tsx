import type { FileIssue } from '../api.js';

/** Validation issues of a DataPoint's YAML, each with its line (the editor marks the same lines). */
export function IssueList(props: { issues: FileIssue[] }) {
  return (
    <ul class="issues" role="alert" aria-label="Validation errors">
      {props.issues.map((issue, i) => (
        <li key={i}>
          {issue.line !== undefined ? `Line ${issue.line}: ` : ''}
          {issue.path ? `${issue.path}: ` : ''}
          {issue.message}
        </li>
      ))}
    </ul>
  );
}
