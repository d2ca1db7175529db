import type { DetectableIncident } from '../../src/modules/problems/problem.detect.js';

/**
 * A generated incident history whose recurring clusters are known in advance: a handful of
 * recurring faults written in varied words (Chinese and English), buried in one-off noise.
 * Used by the detection test and `bench/problems.bench.ts`.
 */
export const RECURRING_THEMES: { category: string; titles: string[] }[] = [
  {
    category: 'net',
    titles: [
      'VPN 连接超时',
      '在家 VPN 连接一直超时',
      'VPN 客户端连接超时，无法访问内网',
      '出差时 VPN 连接超时',
      'VPN 连接超时断开',
    ],
  },
  {
    category: 'printer',
    titles: ['三楼打印机频繁卡纸', '打印机又卡纸了', '财务部打印机卡纸无法打印', '打印机卡纸报错', '打印机卡纸'],
  },
  {
    category: 'mail',
    titles: ['Outlook 无法接收邮件', 'Outlook 收不到邮件', 'Outlook 无法接收新邮件', 'Outlook 邮件接收失败'],
  },
  {
    category: 'app',
    titles: ['ERP 系统登录很慢', 'ERP 系统登录缓慢', '早上 ERP 系统登录特别慢', 'ERP 登录很慢转圈很久'],
  },
  { category: 'net', titles: ['会议室 Wi-Fi 频繁掉线', 'Wi-Fi 经常掉线', '二楼 Wi-Fi 掉线', 'Wi-Fi 连接后频繁掉线'] },
  {
    category: 'pc',
    titles: [
      'Shared drive mapping lost after reboot',
      'Mapped shared drive lost after reboot',
      'Shared drive lost after restart and reboot',
      'Shared drive mapping lost again after reboot',
    ],
  },
  { category: 'account', titles: ['域账号频繁被锁定', '域账号被锁定无法登录', '域账号反复被锁定', '域账号又被锁定了'] },
];

/** One-off noise: many things and many symptoms, as a real desk sees in a quarter. */
const OBJECTS = [
  '显示器',
  '键盘',
  '鼠标',
  '投影仪',
  '扫描仪',
  '座机电话',
  '摄像头',
  '音箱',
  'U盘',
  '笔记本电池',
  '耳机',
  '电源适配器',
  '网线',
  '交换机端口',
  '软件许可证',
  'Excel 宏',
  'PDF 阅读器',
  '浏览器插件',
  '输入法',
  '系统时钟',
  '共享日历',
  '视频会议软件',
  '考勤系统',
  'OA 流程',
  '报销系统',
  'CRM 报表',
  '门禁卡',
  '工资条',
  '复印机',
  '碎纸机',
  '传真',
  '手机邮箱同步',
  '杀毒软件',
  '补丁更新',
  '蓝牙',
  '拓展坞',
  'license server',
  'Teams',
  'Zoom',
  'SAP GUI',
  '财务软件',
  '合同系统',
  '档案系统',
  '条码枪',
  '标签打印',
  '大屏',
  '无线键鼠',
  '固定资产卡',
  '会议预订',
  '电子签章',
  '堡垒机',
  '数据库备份',
  '测试环境',
  '代码仓库',
  '企业微信',
  '钉钉审批',
  '网盘',
  '内网网站',
  '证书',
  '服务器风扇',
];
const FAULTS = [
  '无法开机',
  '显示异常',
  '需要更换',
  '安装失败',
  '打开报错',
  '闪退',
  '没有反应',
  '申请开通',
  '权限不足',
  '配置咨询',
  '数据丢失',
  '更新失败',
  '声音很小',
  '颜色发黄',
  '响应迟缓',
  '密码忘记',
  '过期续费',
  '格式错乱',
  '同步延迟',
  '提示证书错误',
  '乱码',
  '找不到入口',
  '按键失灵',
  '需要迁移',
  '报表数字不对',
  '审批卡住',
  '容量不足',
  '时间不准',
  '频繁重启',
  '无法导出',
  '模板丢失',
  '需要培训',
  '界面卡顿',
  '告警邮件太多',
  '字体异常',
  '需要加急处理',
];
const CATEGORIES = ['net', 'printer', 'mail', 'app', 'pc', 'account', 'other', 'phone'];

function random(seed: number) {
  let s = seed >>> 0;
  const next = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (a: number, b: number) => a + Math.floor(next() * (b - a + 1)),
    pick: <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)]!,
  };
}

export interface History {
  incidents: DetectableIncident[];
  /** The incident ids of each recurring cluster, as generated. */
  truth: string[][];
}

export function generateHistory({
  seed = 7,
  noise = 240,
  days = 90,
  start = '2026-08-01T00:00:00.000Z',
} = {}): History {
  const rng = random(seed);
  const t0 = Date.parse(start);
  const at = (day: number) =>
    new Date(t0 + day * 86_400_000 + rng.int(8, 18) * 3_600_000 + rng.int(0, 59) * 60_000).toISOString();
  const incidents: DetectableIncident[] = [];
  const truth: string[][] = [];
  let n = 0;
  const id = () => `inc-${String(++n).padStart(4, '0')}`;
  RECURRING_THEMES.forEach((theme) => {
    const begin = rng.int(0, days - 25);
    const size = rng.int(4, 7);
    const ids: string[] = [];
    for (let k = 0; k < size; k++) {
      const incidentId = id();
      ids.push(incidentId);
      incidents.push({
        id: incidentId,
        title: theme.titles[k % theme.titles.length]!,
        description: `${rng.pick(['用户反映', '电话报告', 'Reported by user', '门户提交'])}：${theme.titles[0]}，影响日常工作。`,
        createdAt: at(begin + rng.int(0, 21)),
        // Now and then an agent files it under another category.
        categoryId: rng.next() < 0.85 ? theme.category : rng.pick(CATEGORIES),
        serviceId: null,
        ciIds: [],
      });
    }
    truth.push(ids);
  });
  for (let k = 0; k < noise; k++) {
    const object = rng.pick(OBJECTS);
    const fault = rng.pick(FAULTS);
    incidents.push({
      id: id(),
      title: `${object}${fault}`,
      description: `${rng.pick(['用户反映', '电话报告', '门户提交'])}：${object}${fault}。`,
      createdAt: at(rng.int(0, days - 1)),
      categoryId: rng.pick(CATEGORIES),
      serviceId: null,
      ciIds: [],
    });
  }
  return { incidents, truth };
}

/** Cluster-level and incident-level precision and recall of detected clusters against the truth. */
export function scoreDetection(truth: string[][], predicted: string[][]) {
  const owner = new Map<string, number>();
  truth.forEach((ids, i) => {
    for (const id of ids) owner.set(id, i);
  });
  const found = new Set<number>();
  let correct = 0;
  for (const cluster of predicted) {
    const counts = new Map<number, number>();
    for (const id of cluster) if (owner.has(id)) counts.set(owner.get(id)!, (counts.get(owner.get(id)!) ?? 0) + 1);
    const [best] = [...counts].sort((a, b) => b[1] - a[1]);
    if (best && best[1] * 2 > cluster.length) {
      correct++;
      found.add(best[0]);
    }
  }
  const predictedIds = predicted.flat();
  const truePredicted = predictedIds.filter((id) => owner.has(id)).length;
  return {
    clusters: {
      predicted: predicted.length,
      actual: truth.length,
      precision: predicted.length ? correct / predicted.length : 1,
      recall: found.size / truth.length,
    },
    incidents: {
      precision: predictedIds.length ? truePredicted / predictedIds.length : 1,
      recall: truePredicted / owner.size,
    },
  };
}
