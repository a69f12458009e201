"""Character forms that text repair unifies, one character for one so that offsets survive."""

# One character for one, so offsets survive. Full-width ASCII, ○ used as zero, traditional forms.
CHAR_FORMS: dict[str, str] = {
    **{chr(0xFF10 + i): str(i) for i in range(10)},
    **{chr(0xFF21 + i): chr(0x41 + i) for i in range(26)},
    **{chr(0xFF41 + i): chr(0x61 + i) for i in range(26)},
    "：": ":", "．": ".", "／": "/", "－": "-", "～": "~", "\u3000": " ", "﹣": "-",
    "○": "〇", "◯": "〇", "Ｏ": "〇",
    "號": "号", "週": "周", "點": "点", "時": "时", "個": "个", "臘": "腊", "節": "节", "後": "后",
    "來": "来", "兩": "两", "禮": "礼", "當": "当", "這": "这", "國": "国", "慶": "庆", "兒": "儿",
    "勞": "劳", "動": "动", "婦": "妇", "師": "师", "農": "农", "陽": "阳", "誕": "诞", "聖": "圣",
    "曆": "历", "陰": "阴", "載": "载", "際": "际", "間": "间", "氣": "气", "靑": "青",
    "歲": "岁", "屆": "届", "萬": "万", "億": "亿", "餘": "余", "學": "学", "會": "会", "開": "开",
    "閏": "闰", "紀": "纪", "舉": "举", "頭": "头",
}
