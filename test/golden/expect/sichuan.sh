# What reading the Sichuan sample page must give, shared by test/golden/sichuan.sh and
# test/golden/variants.sh (the same page re-typeset must read the same).

MEASURES="3 壮大区域发展重要支点
4 突出重点推动全域开放合作
5 高水平建设中国（四川）自由贸易试验区
6 发展更高层次开放型经济
7 突破高铁瓶颈打造现代综合交通运输体系
8 推进乡村振兴重点突破
9 优化调整工业结构和布局
10 大力发展现代服务业
11 抢占数字经济发展制高点
12 推动品质革命和品牌创建
13 创建国家军民融合创新示范区
14 集聚和用好战略科技创新资源
15 加大企业创新主体培育力度"
SECTION="切实加强组织领导，层层压紧压实责任，推动习近平总书记对四川工作系列重要指示精神落地落实"
# The deliverables every reading must find.
KNOWN_S="川南一体化发展指导意见 区域产业布局指导意见 区域产业布局引导目录 成都平原轨道交通规划
四川自贸试验区条例 全省乡村振兴战略规划 全省新兴产业指导目录 5G产业发展行动计划
新一代人工智能发展实施方案 加快服务业发展的若干意见 对外开放工作激励办法
畅通南向通道深化南向开放合作实施意见 打造中西部投资首选地实施意见
现代服务业集聚区发展规划 现代服务业集聚区认定管理办法 旅游产业发展激励办法"
TARGETS_S="建成及在建高铁里程|2300|公里|>=|null|5|null
服务业占比|55|%|~|2022|null|null
数字经济总量占比|null|null|rank|2022|null|全国前列
规模以上工业企业研发投入强度|null|null|reach|2022|null|全国平均水平"
