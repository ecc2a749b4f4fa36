/**
 * Word lists for the demo archive: a Volkswagen (上汽大众) dealership in Hangzhou (浙A plates,
 * Zhejiang addresses). Everything here is invented; names are common combinations, not people.
 */

/** Surnames with rough weights (common national ones plus those frequent in Zhejiang). */
export const SURNAMES: readonly (readonly [string, number])[] = [
  ['王', 72],
  ['李', 70],
  ['张', 67],
  ['刘', 54],
  ['陈', 52],
  ['杨', 31],
  ['黄', 22],
  ['赵', 20],
  ['吴', 24],
  ['周', 22],
  ['徐', 20],
  ['孙', 14],
  ['马', 12],
  ['朱', 14],
  ['胡', 13],
  ['郭', 11],
  ['何', 10],
  ['林', 11],
  ['高', 10],
  ['罗', 9],
  ['郑', 10],
  ['梁', 8],
  ['谢', 7],
  ['宋', 6],
  ['唐', 6],
  ['许', 7],
  ['韩', 5],
  ['冯', 5],
  ['邓', 5],
  ['曹', 5],
  ['彭', 5],
  ['曾', 4],
  ['肖', 5],
  ['田', 4],
  ['董', 5],
  ['袁', 4],
  ['潘', 5],
  ['于', 4],
  ['蒋', 5],
  ['蔡', 5],
  ['余', 5],
  ['杜', 4],
  ['叶', 6],
  ['程', 4],
  ['苏', 3],
  ['魏', 3],
  ['吕', 4],
  ['丁', 4],
  ['任', 3],
  ['沈', 7],
  ['姚', 4],
  ['卢', 3],
  ['姜', 3],
  ['钟', 3],
  ['陆', 5],
  ['汪', 5],
  ['范', 3],
  ['金', 5],
  ['方', 5],
  ['俞', 4],
  ['钱', 4],
  ['楼', 3],
  ['应', 2],
  ['施', 3],
  ['章', 3],
  ['邵', 3],
  ['毛', 3],
  ['夏', 3],
  ['孔', 2],
  ['严', 2],
  ['欧阳', 1],
  ['诸葛', 0.3],
];

/** Given names of two characters (the 建国 in 王建国). */
export const GIVEN_TWO: readonly string[] = [
  '建国',
  '建华',
  '建军',
  '志强',
  '志明',
  '志刚',
  '伟东',
  '晓东',
  '晓明',
  '晓燕',
  '晓红',
  '晓丽',
  '海燕',
  '海波',
  '海峰',
  '丽华',
  '丽娟',
  '丽萍',
  '秀英',
  '秀兰',
  '秀珍',
  '玉兰',
  '玉梅',
  '桂芳',
  '桂英',
  '国平',
  '国强',
  '国华',
  '文杰',
  '文斌',
  '文静',
  '子涵',
  '子轩',
  '浩然',
  '浩宇',
  '宇轩',
  '宇航',
  '梓萱',
  '梓涵',
  '欣怡',
  '欣然',
  '俊杰',
  '俊峰',
  '思远',
  '思琪',
  '家豪',
  '家明',
  '雨婷',
  '雨欣',
  '佳怡',
  '佳琪',
  '明辉',
  '明杰',
  '永刚',
  '永强',
  '立新',
  '立军',
  '红梅',
  '红霞',
  '春燕',
  '春华',
  '美玲',
  '美华',
  '亚军',
  '亚萍',
  '天宇',
  '天明',
  '一鸣',
  '一凡',
  '振华',
  '振宇',
  '德明',
  '德胜',
  '宏伟',
  '宏亮',
  '金龙',
  '金花',
  '小军',
  '小红',
  '雪梅',
  '雪峰',
  '冬梅',
  '秋菊',
  '彩霞',
  '凤英',
  '淑珍',
  '淑华',
  '爱华',
  '爱国',
  '卫东',
  '卫国',
  '新民',
  '正华',
  '忠良',
  '少华',
  '世杰',
  '俊豪',
  '嘉怡',
  '诗涵',
  '梦瑶',
  '静怡',
  '晨曦',
  '昊天',
  '博文',
  '泽宇',
  '一诺',
  '可馨',
  '语嫣',
  '婷婷',
  '丹丹',
  '莉莉',
  '晶晶',
  '建平',
  '建新',
  '利民',
  '光明',
  '学军',
  '云飞',
  '海涛',
  '玉华',
  '慧敏',
  '慧娟',
  '建伟',
  '晓峰',
  '晓军',
  '国良',
  '仁杰',
  '鸿飞',
  '伟民',
  '旭东',
  '剑锋',
  '雅琴',
  '燕萍',
  '素芬',
  '月娥',
  '杏芳',
  '根荣',
  '水根',
  '金根',
  '阿毛',
];

/** Given names of one character (the 芳 in 王芳). */
export const GIVEN_ONE: readonly string[] = [
  '伟',
  '芳',
  '娜',
  '敏',
  '静',
  '丽',
  '强',
  '磊',
  '军',
  '洋',
  '勇',
  '艳',
  '杰',
  '娟',
  '涛',
  '明',
  '超',
  '霞',
  '平',
  '刚',
  '斌',
  '鹏',
  '辉',
  '华',
  '红',
  '燕',
  '玲',
  '丹',
  '萍',
  '健',
  '波',
  '宇',
  '浩',
  '凯',
  '峰',
  '琳',
  '婷',
  '雪',
  '颖',
  '倩',
  '晨',
  '欣',
  '阳',
  '亮',
  '东',
  '林',
  '飞',
  '鑫',
  '蕾',
  '莉',
  '帅',
  '龙',
  '英',
  '慧',
  '瑶',
  '琴',
];

export interface District {
  city: string;
  district: string;
  postalCode: string;
  streets: readonly string[];
}

/** Mostly Hangzhou, a few from nearby cities of the same province. */
export const DISTRICTS: readonly (readonly [District, number])[] = [
  [
    {
      city: '杭州市',
      district: '上城区',
      postalCode: '310002',
      streets: ['解放路', '望江路', '秋涛路', '凤起东路', '清泰街'],
    },
    10,
  ],
  [
    {
      city: '杭州市',
      district: '拱墅区',
      postalCode: '310011',
      streets: ['莫干山路', '湖墅南路', '登云路', '丽水路', '石祥路'],
    },
    12,
  ],
  [
    {
      city: '杭州市',
      district: '西湖区',
      postalCode: '310012',
      streets: ['文三路', '天目山路', '古墩路', '文一西路', '留下街'],
    },
    14,
  ],
  [
    {
      city: '杭州市',
      district: '滨江区',
      postalCode: '310051',
      streets: ['江南大道', '滨盛路', '江虹路', '西兴路', '长河路'],
    },
    10,
  ],
  [
    {
      city: '杭州市',
      district: '萧山区',
      postalCode: '311201',
      streets: ['市心北路', '金城路', '人民路', '山阴路', '育才路'],
    },
    14,
  ],
  [
    {
      city: '杭州市',
      district: '余杭区',
      postalCode: '311121',
      streets: ['文一西路', '五常大道', '良渚路', '闲林街', '仓前街'],
    },
    12,
  ],
  [
    {
      city: '杭州市',
      district: '临平区',
      postalCode: '311100',
      streets: ['迎宾路', '星光街', '南苑街', '世纪大道', '藕花洲大街'],
    },
    8,
  ],
  [{ city: '杭州市', district: '钱塘区', postalCode: '310018', streets: ['下沙路', '学林街', '文泽路', '义蓬街'] }, 6],
  [
    {
      city: '杭州市',
      district: '富阳区',
      postalCode: '311400',
      streets: ['富春街', '桂花路', '江滨西大道', '金桥北路'],
    },
    5,
  ],
  [{ city: '杭州市', district: '临安区', postalCode: '311300', streets: ['钱王街', '衣锦街', '万马路', '锦城街'] }, 4],
  [{ city: '杭州市', district: '桐庐县', postalCode: '311500', streets: ['迎春南路', '白云源路', '学圣路'] }, 2],
  [{ city: '杭州市', district: '建德市', postalCode: '311600', streets: ['新安路', '严州大道', '洋溪路'] }, 1],
  [{ city: '杭州市', district: '淳安县', postalCode: '311700', streets: ['新安大街', '千岛湖大道', '环湖北路'] }, 1],
  [{ city: '湖州市', district: '德清县', postalCode: '313200', streets: ['英溪路', '武康街', '千秋街'] }, 2],
  [{ city: '绍兴市', district: '柯桥区', postalCode: '312030', streets: ['笛扬路', '湖西路', '柯桥大道'] }, 2],
  [{ city: '嘉兴市', district: '海宁市', postalCode: '314400', streets: ['海州路', '文苑路', '硖石街'] }, 1],
];

export const COMPOUNDS: readonly string[] = [
  '阳光花园',
  '锦绣家园',
  '枫林苑',
  '和睦新村',
  '湖畔花园',
  '香樟园',
  '城市花园',
  '春江花月',
  '金色家园',
  '紫金庭',
  '天城苑',
  '翠苑',
  '桂花城',
  '学府苑',
  '望江家园',
  '江南春城',
  '东方郡',
  '绿洲花园',
  '荷花苑',
  '新华坊',
  '丽水苑',
  '钱江苑',
  '府苑新村',
  '兰亭苑',
  '青枫墅园',
  '景芳三区',
  '三塘北村',
  '朝晖六区',
  '骆家庄',
  '嘉绿苑',
];

export const MOBILE_PREFIXES: readonly string[] = [
  '130',
  '131',
  '132',
  '133',
  '134',
  '135',
  '136',
  '137',
  '138',
  '139',
  '150',
  '151',
  '152',
  '153',
  '155',
  '156',
  '157',
  '158',
  '159',
  '166',
  '173',
  '176',
  '177',
  '178',
  '180',
  '181',
  '182',
  '183',
  '186',
  '187',
  '188',
  '189',
  '191',
  '198',
  '199',
];

export const PREFERRED_CALL_TIMES: readonly string[] = [
  '上午10点后',
  '下午3点以后',
  '工作日中午12点-13点',
  '周末',
  '上午',
  '下班后（18点前）',
  '不要在上午打',
];

export const CUSTOMER_NOTES: readonly string[] = [
  '老客户，介绍过朋友买车',
  '车辆主要由家人使用，联系时可找其爱人',
  '习惯周六上午来店',
  '对价格比较敏感，先报价再施工',
  '要求保养时洗车',
  '外地工作，节假日回杭用车',
];

export interface ModelSpec {
  name: string;
  /** VIN positions 4-8. */
  vds: string;
  plant: string;
  firstYear: number;
  lastYear: number;
  weight: number;
  electric: boolean;
}

/** 上汽大众 models sold by the demo store. */
export const MODELS: readonly ModelSpec[] = [
  { name: '朗逸', vds: 'AA218', plant: '2', firstYear: 2008, lastYear: 2100, weight: 30, electric: false },
  { name: '帕萨特', vds: 'GC634', plant: 'N', firstYear: 1990, lastYear: 2100, weight: 14, electric: false },
  { name: '途观', vds: 'YB6C1', plant: 'N', firstYear: 2010, lastYear: 2016, weight: 14, electric: false },
  { name: '途观L', vds: 'YB6C3', plant: 'N', firstYear: 2017, lastYear: 2100, weight: 14, electric: false },
  { name: '途岳', vds: 'YC4C1', plant: '3', firstYear: 2018, lastYear: 2100, weight: 9, electric: false },
  { name: '凌渡', vds: 'AB218', plant: '2', firstYear: 2015, lastYear: 2100, weight: 7, electric: false },
  { name: '途昂', vds: 'XA7C4', plant: '3', firstYear: 2017, lastYear: 2100, weight: 6, electric: false },
  { name: 'Polo', vds: 'AA1B1', plant: '2', firstYear: 2002, lastYear: 2100, weight: 6, electric: false },
  { name: 'ID.4 X', vds: 'UBE3B', plant: 'A', firstYear: 2021, lastYear: 2100, weight: 9, electric: true },
];

export const COLORS: readonly (readonly [string, number])[] = [
  ['极地白', 28],
  ['珍珠白', 10],
  ['曜岩黑', 18],
  ['星空灰', 12],
  ['月光银', 10],
  ['深海蓝', 8],
  ['琉璃灰', 5],
  ['宝石红', 5],
  ['香槟金', 4],
];

export const ADVISOR_NAMES: readonly string[] = ['陈晓东', '李娜', '王建国', '刘洋', '张倩', '赵磊'];
export const MANAGER_NAME = '孙国强';

export interface PartSpec {
  no: string;
  name: string;
  qty: number;
  /** Price in yuan at the newest year; older years are a little cheaper. */
  price: number;
}

export interface JobSpec {
  labour: string;
  hours: number;
  parts: readonly PartSpec[];
  /** What the customer said at reception, for repairs. */
  complaint?: string;
}

export const OIL: PartSpec = { no: 'SVW-LU5W30-4', name: '机油 5W-30 4L', qty: 1, price: 398 };
export const OIL_TOP_UP: PartSpec = { no: 'SVW-LU5W30-1', name: '机油 5W-30 1L', qty: 1, price: 108 };
export const OIL_FILTER: PartSpec = { no: '04E115561H', name: '机油滤清器', qty: 1, price: 68 };
export const DRAIN_SEAL: PartSpec = { no: 'N0138157', name: '放油螺栓密封垫', qty: 1, price: 8 };
export const AIR_FILTER: PartSpec = { no: '5QD129620', name: '空气滤清器', qty: 1, price: 128 };
export const CABIN_FILTER: PartSpec = { no: '5QD819653', name: '空调滤清器', qty: 1, price: 138 };
export const SPARK_PLUGS: PartSpec = { no: '04E905612C', name: '火花塞', qty: 4, price: 85 };
export const BRAKE_FLUID: PartSpec = { no: 'B000750M3', name: '制动液 DOT4 1L', qty: 1, price: 98 };
export const GEAR_OIL: PartSpec = { no: 'G052182A2', name: 'DSG变速箱油', qty: 5, price: 156 };
export const FUEL_CLEANER: PartSpec = { no: 'G001770A2', name: '燃油系统清洗剂', qty: 1, price: 128 };
export const WIPERS: PartSpec = { no: '5QD955425', name: '雨刮片(前)', qty: 1, price: 218 };

export const REPAIR_JOBS: readonly (readonly [JobSpec, number])[] = [
  [
    {
      labour: '更换刹车片(前)',
      hours: 1.2,
      parts: [{ no: '5QD698151', name: '刹车片(前)', qty: 1, price: 620 }],
      complaint: '刹车时有异响',
    },
    14,
  ],
  [
    {
      labour: '更换刹车片(后)',
      hours: 1.2,
      parts: [{ no: '5QD698451', name: '刹车片(后)', qty: 1, price: 480 }],
      complaint: '仪表提示刹车片磨损',
    },
    8,
  ],
  [
    {
      labour: '更换刹车盘(前)',
      hours: 1.5,
      parts: [{ no: '5QD615301', name: '刹车盘(前)', qty: 2, price: 520 }],
      complaint: '刹车时方向盘抖动',
    },
    3,
  ],
  [{ labour: '四轮定位', hours: 1.0, parts: [], complaint: '行驶跑偏，方向盘不正' }, 12],
  [{ labour: '轮胎动平衡', hours: 0.5, parts: [], complaint: '高速时方向盘抖' }, 5],
  [
    {
      labour: '更换蓄电池',
      hours: 0.3,
      parts: [{ no: 'JZW915105', name: '蓄电池 12V 59Ah', qty: 1, price: 980 }],
      complaint: '早上启动困难',
    },
    9,
  ],
  [{ labour: '更换雨刮片', hours: 0.2, parts: [WIPERS], complaint: '雨刮刮不干净' }, 6],
  [
    {
      labour: '更换轮胎',
      hours: 0.5,
      parts: [{ no: 'TYRE-2155517', name: '轮胎 215/55 R17', qty: 2, price: 780 }],
      complaint: '轮胎鼓包',
    },
    6,
  ],
  [
    {
      labour: '清洗节气门',
      hours: 0.8,
      parts: [{ no: 'G052100A2', name: '节气门清洗剂', qty: 1, price: 45 }],
      complaint: '怠速不稳',
    },
    5,
  ],
  [
    {
      labour: '更换点火线圈',
      hours: 0.5,
      parts: [{ no: '04E905110K', name: '点火线圈', qty: 1, price: 320 }],
      complaint: '发动机抖动，故障灯亮',
    },
    4,
  ],
  [
    {
      labour: '空调系统检修',
      hours: 1.0,
      parts: [{ no: 'G052R134A', name: '冷媒 R134a(kg)', qty: 0.5, price: 180 }],
      complaint: '空调不凉',
    },
    7,
  ],
  [
    {
      labour: '更换前减震器',
      hours: 2.5,
      parts: [{ no: '5QD413031', name: '前减震器', qty: 2, price: 860 }],
      complaint: '过减速带有异响',
    },
    2,
  ],
  [
    {
      labour: '更换水泵',
      hours: 3.0,
      parts: [
        { no: '04E121600AL', name: '水泵总成', qty: 1, price: 1280 },
        { no: 'G013A8JM1', name: '冷却液 G13 1.5L', qty: 2, price: 95 },
      ],
      complaint: '水温偏高，有漏水痕迹',
    },
    2,
  ],
  [
    {
      labour: '更换正时皮带',
      hours: 3.5,
      parts: [{ no: '04E198119A', name: '正时皮带套件', qty: 1, price: 1650 }],
      complaint: '按里程更换正时皮带',
    },
    2,
  ],
  [{ labour: '故障诊断(电脑检测)', hours: 0.5, parts: [], complaint: '仪表故障灯亮' }, 8],
  [
    {
      labour: '更换大灯灯泡',
      hours: 0.3,
      parts: [{ no: 'N10721802', name: '灯泡 H7', qty: 1, price: 65 }],
      complaint: '左前大灯不亮',
    },
    4,
  ],
  [
    {
      labour: '更换发电机皮带',
      hours: 1.0,
      parts: [{ no: '04E145933F', name: '多楔带', qty: 1, price: 260 }],
      complaint: '启动时皮带异响',
    },
    2,
  ],
  [{ labour: '更换空调滤芯并消毒', hours: 0.5, parts: [CABIN_FILTER], complaint: '空调有异味' }, 4],
];

export const EV_REPAIR_JOBS: readonly (readonly [JobSpec, number])[] = [
  [
    {
      labour: '更换12V蓄电池',
      hours: 0.3,
      parts: [{ no: '1EA915105', name: '蓄电池 12V 45Ah', qty: 1, price: 860 }],
      complaint: '车辆无法上电',
    },
    4,
  ],
  [{ labour: '四轮定位', hours: 1.0, parts: [], complaint: '行驶跑偏' }, 6],
  [
    {
      labour: '更换雨刮片',
      hours: 0.2,
      parts: [{ no: '11D955425', name: '雨刮片(前)', qty: 1, price: 238 }],
      complaint: '雨刮有异响',
    },
    4,
  ],
  [{ labour: '高压系统检测', hours: 1.0, parts: [], complaint: '仪表提示电驱系统故障' }, 5],
  [{ labour: '车机系统升级', hours: 0.8, parts: [], complaint: '中控屏死机' }, 6],
  [
    {
      labour: '更换刹车片(前)',
      hours: 1.2,
      parts: [{ no: '1EA698151', name: '刹车片(前)', qty: 1, price: 680 }],
      complaint: '刹车异响',
    },
    3,
  ],
];

export const PANELS: readonly string[] = [
  '左前门',
  '右前门',
  '左后门',
  '右后门',
  '前保险杠',
  '后保险杠',
  '左前翼子板',
  '右前翼子板',
  '左后叶子板',
  '右后叶子板',
  '发动机盖',
  '后备箱盖',
];

export const PAINT_MATERIAL: PartSpec = { no: 'PAINT-AUX', name: '油漆辅料', qty: 1, price: 280 };
export const BUMPER_CLIPS: PartSpec = { no: 'N90775001', name: '保险杠卡扣', qty: 4, price: 6 };

export const INSURANCE_JOBS: readonly (readonly [JobSpec, number])[] = [
  [
    {
      labour: '更换前保险杠',
      hours: 2.0,
      parts: [{ no: '5QD807221', name: '前保险杠皮', qty: 1, price: 1850 }, BUMPER_CLIPS],
      complaint: '追尾事故，前部受损',
    },
    10,
  ],
  [
    {
      labour: '更换后保险杠',
      hours: 2.0,
      parts: [{ no: '5QD807421', name: '后保险杠皮', qty: 1, price: 1680 }, BUMPER_CLIPS],
      complaint: '被追尾，后部受损',
    },
    8,
  ],
  [
    {
      labour: '更换左前大灯',
      hours: 1.0,
      parts: [{ no: '5QD941005', name: '左前大灯总成', qty: 1, price: 2680 }],
      complaint: '碰撞事故，左前大灯破损',
    },
    5,
  ],
  [
    {
      labour: '更换前挡风玻璃',
      hours: 2.0,
      parts: [{ no: '5QD845011', name: '前挡风玻璃', qty: 1, price: 1980 }],
      complaint: '前挡风玻璃被石子击裂',
    },
    6,
  ],
  [
    {
      labour: '更换左后视镜',
      hours: 0.8,
      parts: [{ no: '5QD857507', name: '左后视镜总成', qty: 1, price: 860 }],
      complaint: '会车剐蹭，后视镜损坏',
    },
    5,
  ],
  [
    {
      labour: '更换中网',
      hours: 0.8,
      parts: [{ no: '5QD853651', name: '中网', qty: 1, price: 780 }],
      complaint: '碰撞事故，中网破损',
    },
    3,
  ],
  [
    {
      labour: '更换冷凝器',
      hours: 2.5,
      parts: [{ no: '5QD816411', name: '冷凝器', qty: 1, price: 1450 }],
      complaint: '碰撞后空调不制冷',
    },
    2,
  ],
];

export const WARRANTY_JOBS: readonly (readonly [JobSpec, number])[] = [
  [
    {
      labour: '更换水泵(索赔)',
      hours: 3.0,
      parts: [{ no: '04E121600AL', name: '水泵总成', qty: 1, price: 1280 }],
      complaint: '水泵渗漏',
    },
    6,
  ],
  [
    {
      labour: '更换车窗升降器(索赔)',
      hours: 1.5,
      parts: [{ no: '5QD837461', name: '车窗升降器', qty: 1, price: 620 }],
      complaint: '左前车窗升降异响',
    },
    6,
  ],
  [
    {
      labour: '更换节温器(索赔)',
      hours: 2.0,
      parts: [{ no: '04E121113C', name: '节温器', qty: 1, price: 460 }],
      complaint: '水温上升慢',
    },
    4,
  ],
  [
    {
      labour: '更换空调压缩机(索赔)',
      hours: 4.0,
      parts: [{ no: '5QD820803', name: '空调压缩机', qty: 1, price: 3860 }],
      complaint: '空调不制冷',
    },
    2,
  ],
  [
    {
      labour: '更换收音机主机(索赔)',
      hours: 1.0,
      parts: [{ no: '5QD035280', name: '收音机主机', qty: 1, price: 2980 }],
      complaint: '中控屏黑屏',
    },
    3,
  ],
  [
    {
      labour: '更换机油泵(索赔)',
      hours: 5.0,
      parts: [{ no: '04E115105AL', name: '机油泵', qty: 1, price: 1560 }],
      complaint: '机油压力报警',
    },
    1,
  ],
  [
    {
      labour: '更换天窗电机(索赔)',
      hours: 2.0,
      parts: [{ no: '5QD877795', name: '天窗电机', qty: 1, price: 1180 }],
      complaint: '天窗无法关闭',
    },
    2,
  ],
];

export const EV_WARRANTY_JOBS: readonly (readonly [JobSpec, number])[] = [
  [
    {
      labour: '更换车载充电机(索赔)',
      hours: 3.0,
      parts: [{ no: '1EA915682', name: '车载充电机', qty: 1, price: 6800 }],
      complaint: '无法交流充电',
    },
    2,
  ],
  [{ labour: '电池管理系统升级(索赔)', hours: 1.0, parts: [], complaint: '续航显示异常' }, 4],
  [
    {
      labour: '更换充电口盖电机(索赔)',
      hours: 1.0,
      parts: [{ no: '11A810773', name: '充电口盖电机', qty: 1, price: 420 }],
      complaint: '充电口盖打不开',
    },
    3,
  ],
];

export const COMEBACK_JOBS: readonly (readonly [JobSpec, number])[] = [
  [{ labour: '返修：刹车异响复查', hours: 1.0, parts: [], complaint: '上次更换刹车片后仍有异响' }, 4],
  [{ labour: '返修：空调不制冷复查', hours: 1.5, parts: [], complaint: '空调维修后又不凉了' }, 3],
  [{ labour: '返修：漆面色差重新处理', hours: 3.0, parts: [PAINT_MATERIAL], complaint: '喷漆部位有色差' }, 3],
  [{ labour: '返修：故障灯复亮检查', hours: 1.0, parts: [], complaint: '故障灯又亮了' }, 3],
  [{ labour: '返修：异响复查', hours: 1.0, parts: [], complaint: '维修后异响未消除' }, 3],
  [
    {
      labour: '返修：渗油复查',
      hours: 1.0,
      parts: [{ no: 'N0138157', name: '放油螺栓密封垫', qty: 1, price: 8 }],
      complaint: '保养后发现渗油',
    },
    2,
  ],
];

export const DECLINED_WORK: readonly string[] = [
  '建议更换前刹车片（剩余约3mm），客户暂不更换',
  '建议做四轮定位，客户表示下次再做',
  '建议更换蓄电池（检测电压偏低），客户拒绝',
  '建议更换轮胎（胎纹接近磨损极限），客户自行处理',
  '建议清洗节气门，客户暂不需要',
  '建议更换雨刮片，客户拒绝',
  '建议更换制动液（含水量超标），客户下次再换',
  '建议更换空调滤清器，客户暂不更换',
];

export const RO_NOTES: readonly string[] = [
  '客户在店等待',
  '需要洗车',
  '客户自带机油',
  '代步车已安排',
  '客户要求保留旧件',
];

export const VEHICLE_NOTES = {
  lost: ['客户搬迁外地', '电话多次未接通', '客户表示去外面修理厂保养'],
  sold: ['车辆已转卖', '客户置换新车，旧车已卖'],
  scrapped: ['事故后报废', '车龄较长已报废'],
  walkIn: ['外店购车', '二手车转入'],
} as const;
