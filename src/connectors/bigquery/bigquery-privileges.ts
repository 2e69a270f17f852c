import { unknownPrivileges, type PrivilegeReport } from '../privileges.js';

/**
 * BigQuery permissions are IAM roles on the project and datasets, which a query cannot list without
 * resourcemanager permissions of its own: reported as unknown with the advice to use
 * roles/bigquery.dataViewer + roles/bigquery.jobUser.
 */
export async function inspectBigqueryPrivileges(): Promise<PrivilegeReport> {
  return unknownPrivileges(
    'BigQuery permissions are IAM roles; use a service account with only ' +
      'roles/bigquery.dataViewer and roles/bigquery.jobUser',
  );
}
