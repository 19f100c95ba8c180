/** Tables of the app compliance audit (migration 0008-app-audit). */
export interface AuditTables {
  app_inspections: {
    id: string;
    batch: string | null;
    app_name: string | null;
    package_name: string | null;
    app_version: string | null;
    developer: string | null;
    source: string | null;
    app_type: string | null;
    deadline: string | null; // YYYY-MM-DD rectification deadline (整改期限)
    status: string; // open | clean | rectified | not_rectified
    findings_count: number;
    labels: string; // JSON array of notice labels
    report: string; // JSON pipguard-audit/1
    previous_id: string | null;
    rectification: string | null; // JSON RectificationSummary
    created_by: string | null;
    created_at: string;
    updated_at: string;
  };
}
