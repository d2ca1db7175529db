/** Error codes of configuration and asset management, mapped to their HTTP status (spread into ERROR_STATUS). */
export const CMDB_ERROR_STATUS = {
  'cmdb.illegal_state': 409,
  'cmdb.unique_taken': 409,
  'cmdb.relation_self': 400,
  'cmdb.audit_closed': 409,
  'cmdb.class_code_taken': 409,
  'cmdb.ci_code_taken': 409,
  'cmdb.not_a_location': 400,
  'asset.illegal_operation': 409,
  'asset.holder_required': 400,
  'asset.transfer_target_required': 400,
  'asset.tag_taken': 409,
  'asset.self_approval': 403,
  'asset.no_pending_disposal': 409,
  'asset.stock_insufficient': 409,
  /** A reorder level above 0 on a stock item with no restock catalogue item; details name restockItemId. */
  'asset.restock_item_required': 400,
  'asset.not_licence': 400,
  'asset.import_invalid_file': 400,
} as const;
