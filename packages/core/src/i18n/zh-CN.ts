import * as assets from './areas/assets.js';
import * as catalog from './areas/catalog.js';
import * as cmdb from './areas/cmdb.js';
import * as consoleArea from './areas/console.js';
import * as desk from './areas/desk.js';
import * as knowledge from './areas/knowledge.js';
import * as problem from './areas/problem.js';
import * as reports from './areas/reports.js';
import * as request from './areas/request.js';
import * as security from './areas/security.js';
import * as services from './areas/services.js';
import * as sla from './areas/sla.js';
import * as spreadsheet from './areas/spreadsheet.js';

/** Domain catalogue shared by server (errors, mails, exports) and web. zh-CN is the source. */
/**
 * Each feature area keeps its words in `areas/<area>.ts` (both languages side by side) and is
 * spread in here and in en-US.ts with one line each, so areas never edit each other's lines.
 */
const foundation = {
  'error.validation': '提交的内容不符合要求',
  'error.unauthenticated': '请先登录',
  'error.forbidden': '您没有权限执行此操作',
  'error.not_found': '找不到该记录',
  'error.conflict': '操作与当前状态冲突',
  'error.csrf': '安全令牌无效，请刷新页面后重试',
  'error.rate_limited': '请求过于频繁，请稍后再试',
  'error.payload_too_large': '提交的内容过大',
  'error.unsupported_media_type': '不支持的文件类型',
  'error.unavailable': '服务暂时不可用（数据库连接中断），请稍后重试',
  'error.internal': '服务器内部错误，请联系管理员',
  'auth.invalid_credentials': '邮箱或密码不正确',
  'auth.locked': '登录失败次数过多，账号已暂时锁定，请在 {minutes} 分钟后重试',
  'auth.inactive': '该账号已停用',
  'incident.illegal_transition': '事件当前状态为“{state}”，不能执行“{action}”',
  'incident.not_confirmed': '报告人确认（签字确认）之前不能归档',
  'incident.already_confirmed': '报告人已确认，不能再执行此操作',
  'incident.assignee_not_in_group': '被指派人不是该支持组成员',
  'incident.not_served': '该支持组或处理人不服务于此记录所属的组织',
  'incident.already_taken': '已由 {name} 接手处理',
  'record.stale': '您打开此记录后，已有他人修改了它；请查看最新内容后重试',
  'incident.resolution_required': '请填写事件处理单：原因和解决方案',
  'attachment.too_large': '附件超过 {max} 的大小限制',
  'attachment.type_not_allowed': '不允许上传此类型的文件：{type}',
  'user.email_taken': '该邮箱已被使用',
  'user.department_mismatch': '部门不属于所选组织',
  'user.staff_outside_provider': '服务台人员只能属于服务提供方组织',
  'organization.provider_exists': '只能有一个服务提供方组织',
  'organization.code_taken': '组织代码已被使用',
  'group.name_taken': '支持组名称已被使用',
  'category.parent_cycle': '上级分类不能是其自身或其下级',

  'state.pending': '待处理',
  'state.in_progress': '处理中',
  'state.on_hold': '挂起',
  'state.resolved': '完成',
  'state.archived': '归档',
  'state.cancelled': '已取消',

  'action.take': '受理',
  'action.assign': '指派',
  'action.classify': '分类定级',
  'action.comment': '备注',
  'action.hold': '挂起',
  'action.resume': '恢复处理',
  'action.resolve': '解决',
  'action.confirm': '确认完成',
  'action.reopen': '重新打开',
  'action.archive': '归档',
  'action.cancel': '取消',

  'level.1': '一级',
  'level.2': '二级',
  'level.3': '三级',
  'level.4': '四级',
  'level.1.impact': '业务中断无法工作',
  'level.2.impact': '业务性能严重下降',
  'level.3.impact': '业务性能下降',
  'level.4.impact': '问题请求，业务正常',
  'level.1.examples': 'PC 硬件故障、PC 系统崩溃、网络中断',
  'level.2.examples': 'OS 系统病毒、邮件系统故障、业务系统故障',
  'level.3.examples': '打印故障、电话故障、业务系统缓慢',
  'level.4.examples': 'PC 硬件更换、耗材备料不足、软件应用指导',
  'level.1.urgency': '非常紧急，立刻处理',
  'level.2.urgency': '紧急，优先处理',
  'level.3.urgency': '普通，正常处理',
  'level.4.urgency': '不紧急，与客户协商处理',

  'impact.1': '业务中断',
  'impact.2': '业务严重下降',
  'impact.3': '业务下降',
  'impact.4': '业务正常',
  'urgency.1': '非常紧急',
  'urgency.2': '紧急',
  'urgency.3': '普通',
  'urgency.4': '不紧急',

  'role.requester': '报告人',
  'role.agent': '服务台坐席',
  'role.specialist': '技术专家',
  'role.service_manager': '服务经理',
  'role.admin': '系统管理员',

  'tier.1': '一线',
  'tier.2': '二线',
  'tier.3': '三线',

  'orgKind.provider': '服务提供方',
  'orgKind.customer': '客户',

  'channel.portal': '自助门户',
  'channel.phone': '电话',
  'channel.walk_in': '现场',
  'channel.email': '电子邮件',
  'channel.im': '即时通信',
  'channel.api': '接口',
  'channel.monitoring': '监控',
  'channel.robot_batch': 'IT 服务台通知（{count} 条）',

  'timeline.created': '{actor} 提交了事件',
  'timeline.taken': '{actor} 受理了事件，成为责任人（首问负责制）',
  'timeline.assigned': '{actor} 指派给 {target}',
  'timeline.classified': '{actor} 设置了分类和级别',
  'timeline.comment': '{actor} 添加了备注',
  'timeline.state_changed': '{actor} 将状态从“{from}”改为“{to}”',
  'timeline.held': '{actor} 挂起了事件',
  'timeline.resumed': '{actor} 恢复处理',
  'timeline.resolved': '{actor} 填写了事件处理单并解决了事件',
  'timeline.confirmed': '{actor} 确认完成并评价',
  'timeline.reopened': '{actor} 重新打开了事件',
  'timeline.archived': '{actor} 归档了事件',
  'timeline.cancelled': '{actor} 取消了事件',
  'timeline.attachment_added': '{actor} 上传了附件 {name}',
  'timeline.watcher_added': '{actor} 添加了关注人 {target}',
  'timeline.watcher_removed': '{actor} 移除了关注人 {target}',
  'timeline.linked': '{actor} 关联了 {target}',
  'timeline.field.category': '分类',
  'timeline.field.level': '级别',
  'timeline.field.impact': '影响',
  'timeline.field.urgency': '紧急程度',
  'timeline.field.group': '支持组',
  'timeline.field.assignee': '处理人',

  'link.relates_to': '相关',
  'link.duplicates': '重复于',
  'link.parent_of': '父记录',
  'link.caused_by': '起因于',

  'system.actor': '系统',
  'readyz.no_migrations': '数据库迁移尚未完成',
} as const;

export const zhCN = {
  ...foundation,
  ...services.zhCN,
  ...sla.zhCN,
  ...catalog.zhCN,
  ...request.zhCN,
  ...cmdb.zhCN,
  ...assets.zhCN,
  ...knowledge.zhCN,
  ...problem.zhCN,
  ...desk.zhCN,
  ...consoleArea.zhCN,
  ...reports.zhCN,
  ...security.zhCN,
  ...spreadsheet.zhCN,
} as const;

/** Keys of the catalogue this package lists; modules add theirs with `defineMessages` (i18n/index.ts). */
export type CoreMessageKey = keyof typeof zhCN;
export type FoundationKey = keyof typeof foundation;
