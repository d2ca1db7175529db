import { defineMessages } from '../i18n/index.js';

/**
 * Migration imports (`trellis import`): what the server module `migration` and its command line
 * say about a file, a row or a whole run. Every problem found in a file is one of these, with the
 * file, the line and the field it concerns.
 */
export const migrationMessages = defineMessages({
  'zh-CN': {
    'import.missing_field': '缺少必填字段 {field}',
    'import.bad_time': '{field} 不是有效的时间：{value}',
    'import.time_order': '{field}（{value}）早于创建时间',
    'import.unknown_state': '无法识别的状态：{value}',
    'import.unknown_priority': '无法识别的优先级：{value}',
    'import.bad_email': '请求人邮箱无效：{value}',
    'import.duplicate_number': '编号 {value} 在本次导入中重复（首次出现在 {first}）',
    'import.orphan_row': '找不到所属的工单 {value}，本行未导入',
    'import.unknown_assignee': '找不到处理人 {value}，记录已导入但未指派',
    'import.unknown_group': '找不到支持组 {value}，记录已导入但未分组',
    'import.unknown_category': '找不到分类 {value}，记录已导入但未分类',
    'import.attachment_missing': '找不到附件文件 {value}，附件未导入',
    'import.attachment_type': '附件 {value} 的文件类型不允许，附件未导入',
    'import.attachment_too_large': '附件 {value} 超过 {max}，附件未导入',
    'import.title_truncated': '标题超过 {max} 个字符，已截断；完整标题保留在描述开头',
    'import.unknown_column': '无法识别的列“{value}”，已忽略',
    'import.bad_json': '不是有效的 JSON：{value}',
    'import.bad_file': '无法读取：{value}',
    'import.summary': '导入结果',
    'import.summary.format': '格式',
    'import.summary.read': '读取记录',
    'import.summary.imported': '已导入',
    'import.summary.would_import': '将导入（试运行，未写入）',
    'import.summary.skipped': '已跳过（之前已导入，同一外部编号）',
    'import.summary.rejected': '被拒绝（见下方错误）',
    'import.summary.comments': '评论',
    'import.summary.attachments': '附件',
    'import.summary.people': '新建请求人',
    'import.summary.errors': '错误',
    'import.summary.warnings': '警告',
    'import.summary.rate': '速度',
    'import.summary.dry_run': '试运行：数据库未做任何更改',
    'import.summary.more': '另有 {count} 条未显示（用 --report 文件 导出全部）',
    'import.progress': '导入中',
    'import.severity.error': '错误',
    'import.severity.warning': '警告',
  },
  'en-US': {
    'import.missing_field': 'The field {field} is required',
    'import.bad_time': '{field} is not a valid time: {value}',
    'import.time_order': '{field} ({value}) is before the creation time',
    'import.unknown_state': 'Unknown state: {value}',
    'import.unknown_priority': 'Unknown priority: {value}',
    'import.bad_email': 'The requester e-mail is not valid: {value}',
    'import.duplicate_number': 'The number {value} appears twice in this import (first at {first})',
    'import.orphan_row': 'No ticket {value} to attach this row to; the row was not imported',
    'import.unknown_assignee': 'No agent {value}; the record was imported unassigned',
    'import.unknown_group': 'No support group {value}; the record was imported without a group',
    'import.unknown_category': 'No category {value}; the record was imported without a category',
    'import.attachment_missing': 'Attachment file {value} not found; the attachment was not imported',
    'import.attachment_type': 'Attachment {value} has a file type that is not allowed; it was not imported',
    'import.attachment_too_large': 'Attachment {value} is larger than {max}; it was not imported',
    'import.title_truncated':
      'The title is longer than {max} characters and was shortened; the full title starts the description',
    'import.unknown_column': 'Unknown column "{value}", ignored',
    'import.bad_json': 'Not valid JSON: {value}',
    'import.bad_file': 'Cannot read: {value}',
    'import.summary': 'Import summary',
    'import.summary.format': 'Format',
    'import.summary.read': 'Records read',
    'import.summary.imported': 'Imported',
    'import.summary.would_import': 'Would import (dry run, nothing written)',
    'import.summary.skipped': 'Skipped (imported before, same external number)',
    'import.summary.rejected': 'Rejected (see the errors below)',
    'import.summary.comments': 'Comments',
    'import.summary.attachments': 'Attachments',
    'import.summary.people': 'Requesters created',
    'import.summary.errors': 'Errors',
    'import.summary.warnings': 'Warnings',
    'import.summary.rate': 'Rate',
    'import.summary.dry_run': 'Dry run: the database was not changed',
    'import.summary.more': '{count} more not shown (--report FILE writes them all)',
    'import.progress': 'Importing',
    'import.severity.error': 'error',
    'import.severity.warning': 'warning',
  },
});

declare module '../i18n/index.js' {
  interface ModuleMessages {
    migration: (typeof migrationMessages)['zh-CN'];
  }
}
