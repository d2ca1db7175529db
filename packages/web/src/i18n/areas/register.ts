/** The register kit (RegisterPage): UI words shared by every register. */
export const zhCN = {
  'register.new': '新建',
  'register.edit': '编辑',
  'register.archive': '归档',
  'register.archiveConfirm': '确定归档这一项吗？',
  'register.actions': '操作',
};

export const enUS: Record<keyof typeof zhCN, string> = {
  'register.new': 'New',
  'register.edit': 'Edit',
  'register.archive': 'Archive',
  'register.archiveConfirm': 'Archive this item?',
  'register.actions': 'Actions',
};
