"""The catalogue of every message govcases shows an editor: id → (Simplified Chinese,
English). Traditional is derived from the Simplified text; see govcases.messages."""

from __future__ import annotations

# Message id → (Simplified Chinese, English). `{name}` is an argument; the Chinese names
# the expected form first, then what was written (应为…；实际为…).
CATALOGUE: dict[str, tuple[str, str]] = {
    # --- labels of the printed form
    "error": ("错误：", "error: "),
    "checked": ("已检查 {count} 个案例：没有问题。", "{count} cases checked: no problems."),
    "checked-drafts": (
        "已检查 {count} 个案例（其中 {drafts} 个草稿）：没有问题。",
        "{count} cases checked ({drafts} draft{plural}): no problems.",
    ),
    "hint": ("提示：{text}", "hint: {text}"),
    "summary": ("共 {count} 个错误，未写入任何文件。", "{count} error(s); nothing was written."),
    "id-one-case": (
        "--id 只能指定一个案例，而这些文章生成了 {count} 个：{listed}",
        "--id names one case, but the articles give {count}: {listed}",
    ),
    "hint-id-one-case": (
        "不加 --id 导入，再修改需要改的 id",
        "import the article without --id, then change the ids you want to",
    ),
    "id-taken-import": (
        "id {id} 已被 {path} 使用；import 从不覆盖已有案例",
        "id '{id}' is taken by {path}; import never overwrites a case",
    ),
    "file-exists-new": ("文件已存在；new 从不覆盖已有文件", "file exists; new never overwrites"),
    "hint-other-id": ("换一个 id", "choose another id"),
    "hint-other-id-new": ("用 --id 换一个 id", "choose another id with --id"),
    "serve-failed": (
        "govcases：构建失败，仍显示上次成功构建的网站。",
        "govcases: build failed; showing the last good site.",
    ),
    # --- values and types (pydantic errors by type)
    "missing": ("缺少必填字段", "required field is missing"),
    "date": (
        "应为 YYYY-MM-DD，例如 2026-12-01；实际为 {written}",
        "expected a date written YYYY-MM-DD, such as 2026-12-01; got '{written}'",
    ),
    "too-short": (
        "应至少有 {least} 项；实际为 {count} 项",
        "expected at least {least} item(s); got {count}",
    ),
    "empty": ("不能为空", "must not be empty"),
    "wrong-type": ("应为{expected}；实际为 {written}", "expected {expected}; got {written}"),
    "type-text": ("文本", "text"),
    "type-integer": ("整数", "a whole number"),
    "type-number": ("数字", "a number"),
    "type-bool": (" true 或 false", "true or false"),
    "type-list": ("列表（[a, b] 或每行一个 - 项）", "a list ([a, b], or one '- item' a line)"),
    "type-mapping": ("字段映射（名称: 值）", "a mapping of fields (name: value)"),
    "one-of": (
        "应为 {expected} 之一；实际为 {written}",
        "expected one of {expected}; got '{written}'",
    ),
    "pattern": (
        "应符合格式 {pattern}；实际为 {written}",
        "expected the form {pattern}; got '{written}'",
    ),
    "at-least": ("应不小于 {bound}", "must be at least {bound}"),
    "at-most": ("应不大于 {bound}", "must be at most {bound}"),
    "invalid": ("取值无效：{detail}", "{detail}"),
    "unknown-field": ("未知字段 {name}", "unknown field"),
    "did-you-mean-field": (
        "是否想写 {close}？此处可用的字段：{known}",
        "did you mean '{close}'? known fields here: {known}",
    ),
    "known-fields": ("此处可用的字段：{known}", "known fields here: {known}"),
    "about": ("", "{field}: {text}"),  # a field's documented meaning; Chinese where listed
    "about.id": ("id：用于网址的 ASCII 短名，与文件名相同", "{field}: {text}"),
    "about.added": ("added：案例收入本库的日期", "{field}: {text}"),
    "about.value": ("value：数值，按来源原样书写数字", "{field}: {text}"),
    "about.date": ("date：按来源所给写作 YYYY、YYYY-MM 或 YYYY-MM-DD", "{field}: {text}"),
    "about.document": ("document：来源文件夹中的文件名", "{field}: {text}"),
    "about.pages": ("pages：所在页码或页码范围，如 6 或 6-15", "{field}: {text}"),
    "about.level": ("level：政府层级", "{field}: {text}"),
    "about.draft": ("draft：案例未完成时为 true", "{field}: {text}"),
    "about.start": ("start：举措开始的年份", "{field}: {text}"),
    "about.region_code": ("region_code：指定地点的 GB/T 2260 代码", "{field}: {text}"),
    # --- the project's own value checks
    "year-range": (
        "应为 {first}–{last} 之间的年份；实际为 {year}",
        "year {year} is outside {first}–{last}",
    ),
    "file-name": (
        "应为来源文件夹中的文件名（不含 /、.. 或开头的 .）；实际为 {written}",
        "'{written}' is not a plain file name: give the name of a file in the sources folder, "
        "without '/', '..' or a leading '.'",
    ),
    "period-order": (
        "结束年份应不早于开始年份 {start}；实际为 {end}",
        "end {end} is before start {start}",
    ),
    "number": (
        '应为数字，例如 53 或 "91.70"；实际为 {written}',
        "expected a number such as 53 or \"91.70\", got '{written}'",
    ),
    "level": (
        "应为以下层级之一：{known}；实际为 {written}",
        "unknown level '{written}': expected one of {known}",
    ),
    "pages": (
        "应为页码或页码范围，例如 6 或 6-15；实际为 {written}",
        "expected a page or range such as 6 or 6-15, got '{written}'",
    ),
    "source-date": (
        "应为 YYYY、YYYY-MM 或 YYYY-MM-DD，例如 2026-12-01；实际为 {written}",
        "expected YYYY, YYYY-MM or YYYY-MM-DD, got '{written}'",
    ),
    "author-or-publisher": (
        "应填写作者（author）或出版者（publisher）",
        "give an author or a publisher",
    ),
    "url-or-document": ("应填写网址（url）或文件（document）", "give a url or a document"),
    "partial-note": (
        "status 为 partial 时应有 status_note 说明缺少什么",
        "status 'partial' needs a status_note saying what is missing",
    ),
    # --- characters (read/files.py)
    "char-control": ("不允许控制字符 {code}", "control character {code} is not allowed"),
    "char-bidi": (
        "不允许双向控制字符 {code}",
        "bidirectional control character {code} is not allowed",
    ),
    "char-invisible": ("不允许不可见字符 {code}", "invisible character {code} is not allowed"),
    "char-tab": (
        "单行字段中不允许制表符（{code}）",
        "tab ({code}) is not allowed in a one-line field",
    ),
    "char-newline": (
        "单行字段中不允许换行（{code}）",
        "line break ({code}) is not allowed in a one-line field",
    ),
    "char-other": ("不允许字符 {code}", "character {code} is not allowed"),
    # --- files (read/files.py, content/load.py)
    "file-missing": ("找不到文件", "file not found"),
    "symlink": ("是符号链接；不允许使用链接", "is a symbolic link; links are not allowed"),
    "symlink-outside": ("符号链接指向案例文件夹之外", "symlink leads outside the cases folder"),
    "unreadable": ("无法读取：{why}", "cannot read: {why}"),
    "not-file": ("应为普通文件；实际为{kind}", "{kind}, not a regular file"),
    "kind-directory": ("文件夹", "a directory"),
    "kind-pipe": ("命名管道", "a named pipe"),
    "kind-socket": ("套接字", "a socket"),
    "kind-device": ("设备", "a device"),
    "kind-other": ("非普通文件", "not a regular file"),
    "too-large": (
        "文件应不超过 {limit} 字节；实际为 {size} 字节",
        "file is {size} bytes; the limit is {limit}",
    ),
    "not-utf8": ("应为 UTF-8 编码；实际不是", "not UTF-8"),
    "not-utf8-guess": (
        "应为 UTF-8 编码；实际看起来是 {encoding}",
        "not UTF-8 (it looks like {encoding})",
    ),
    "file-empty": ("文件是空的", "file is empty"),
    "no-front-matter": (
        "文件应以 '---' 开头（front matter）；实际第一行不是",
        "front matter missing: the file must start with '---'",
    ),
    "front-matter-open": (
        "front matter 未结束：缺少第二行 '---'",
        "front matter not closed: no second '---' line",
    ),
    "front-matter-mapping": (
        "front matter 应为字段映射（名称: 值）",
        "front matter must be a mapping of fields",
    ),
    "taxonomy-missing": ("找不到分类词表文件", "taxonomy file not found"),
    # --- YAML (read/yamlfile.py)
    "yaml-syntax": ("YAML 语法错误：{detail}", "malformed YAML: {detail}"),
    "yaml-depth": ("嵌套应不超过 {most} 层", "nested deeper than {most} levels"),
    "yaml-alias": ("不允许使用 YAML 别名（*name）", "YAML aliases (*name) are not allowed"),
    "yaml-key-text": ("字段名应为文本", "keys must be text"),
    "yaml-duplicate": ("字段重复", "duplicate key"),
    "yaml-value": ("无法读取此值：{detail}", "cannot read this value: {detail}"),
    "yaml-number": (
        "数字应以普通数字书写；实际为 {written}",
        "'{written}' is not a number in plain digits",
    ),
    "yaml-mapping": ("应为名称到值的映射", "expected a mapping of names to values"),
    "yaml-list": ("应为列表", "expected a list"),
    # --- case checks (content/validate.py)
    "id-slug": (
        "id 应为 ASCII 短名；实际为 {written}",
        "'{written}' is not an ASCII slug",
    ),
    "id-file": (
        "id 应与文件名 {stem}.md 相同；实际为 {written}",
        "id '{written}' differs from the file name '{stem}.md'",
    ),
    "id-file-taken": (
        "id 应与文件名 {stem}.md 相同；实际为 {written}，这是 {owner} 的 id",
        "id '{written}' differs from the file name '{stem}.md' and is the id of {owner}",
    ),
    "id-duplicate": ("id {written} 已被 {owner} 使用", "id '{written}' is also used by {owner}"),
    "place-code": ("未知的 GB/T 2260 代码 {code}", "unknown GB/T 2260 code {code}"),
    "place-not-within": (
        "{written} 应为 {label}（{code}）或其下辖地区；实际不是",
        "'{written}' is not {label} ({code}) or within it",
    ),
    "choice": ("{id}（{name}）", "{id} ({name})"),
    "place-ambiguous": (
        "地名 {written} 有多个对应地区：{candidates}",
        "'{written}' is ambiguous: {candidates}",
    ),
    "place-unknown": (
        "没有名为 {written} 的行政区划",
        "no administrative division is called '{written}'",
    ),
    "unknown-mechanism": ("未知的机制（mechanism）{written}", "unknown mechanism '{written}'"),
    "unknown-outcome": ("未知的成效（outcome）{written}", "unknown outcome '{written}'"),
    "repeated-mechanism": (
        "{written} 与已列出的机制 {term} 重复",
        "'{written}' repeats mechanism '{term}'",
    ),
    "repeated-outcome": (
        "{written} 与已列出的成效 {term} 重复",
        "'{written}' repeats outcome '{term}'",
    ),
    "source-duplicate": ("来源 key {key} 重复", "duplicate source key '{key}'"),
    "source-unknown": ("没有 key 为 {written} 的来源", "no source has key '{written}'"),
    "document-refused": ("文件 {document}：{why}", "document '{document}': {why}"),
    "document-missing": (
        "来源文件夹中没有文件 {document}",
        "document '{document}' is not in the sources folder",
    ),
    "document-not-plain": (
        "不是来源文件夹中的普通文件名",
        "is not a plain file name in the sources folder",
    ),
    "figure-unverified": (
        "指标 {label} 的数值 {value} 应出现在 {document} 中；实际未找到",
        "metric '{label}': value {value} does not occur in {document}",
    ),
    "markup-syntax": (
        "转换标记 -{{…}}- 中只能有纯文本，不能有 {written}：链接、强调、引号和换行请放在标记外",
        "conversion markup -{{…}}- may hold plain text only, not {written}: keep links, "
        "emphasis, quotes and line breaks outside it",
    ),
    "line-break": ("换行", "a line break"),
    "glossary-pair": ("每个词条都需要 hans 和 hant", "each term needs both 'hans' and 'hant'"),
    "no-section": ("正文应有 '## ' 小节标题；实际没有", "body has no '## ' section heading"),
    "placeholder-url": (
        "占位网址 {written} 仍在文中",
        "placeholder address '{written}' is still in the text",
    ),
    "placeholder-mark": (
        "{written} 标记的推测尚未核对",
        "'{written}' marks a guess nobody has checked yet",
    ),
    "placeholder-todo": (
        "占位文字 {written} 仍在文中",
        "placeholder '{written}' is still in the text",
    ),
    # --- site data files
    "unknown-category": ("未知的类别 {written}", "unknown category '{written}'"),
    "term-duplicate": (
        "{written} 已是术语 {term} 的名称",
        "'{written}' already names term '{term}'",
    ),
    "zone-code": ("未知的 GB/T 2260 代码 {code}", "unknown GB/T 2260 code '{code}'"),
    "report-number": ("报告编号 {number} 重复", "duplicate report number {number}"),
    # --- site.yaml and the command line (config.py)
    "unknown-setting": ("未知的设置项", "unknown setting"),
    "outside-project": (
        "{written} 在项目文件夹之外；{file} 中的路径应位于项目内",
        "'{written}' is outside the project folder; paths in {file} must stay inside it",
    ),
    "real-date": (
        "应为 YYYY-MM-DD，例如 2026-12-01；实际为 {written}",
        "expected a real date written YYYY-MM-DD, got {written}",
    ),
    "epoch": (
        "应为自 1970-01-01 UTC 起的整秒数（0 至 {most}）；实际为 {written}",
        "must be a whole number of seconds since 1970-01-01 UTC, from 0 to {most}; got {written}",
    ),
    "base-url": (
        "应为路径（如 /govcases/）或 http(s) 网址（如 https://example.org/govcases/），不含空格、"
        "引号、尖括号、'?'、'#'、'//' 或控制字符；实际为 {written}",
        "expected a path such as /govcases/ or an http(s) URL such as "
        "https://example.org/govcases/, without spaces, quotes, angle brackets, '?', '#', "
        "'//' or control characters; got {written}",
    ),
    "licence-id": (
        "应为 SPDX 许可标识，如 CC-BY-4.0、CC0-1.0 或 LicenseRef-name；实际为 {written}",
        "expected an SPDX licence identifier such as CC-BY-4.0, CC0-1.0 or "
        "LicenseRef-name (letters, digits, '.', '+', '-'); got {written}",
    ),
    "licence-url": (
        "应为许可文本的 http(s) 网址，如 https://creativecommons.org/licenses/by/4.0/；实际为 "
        "{written}",
        "expected the http(s) address of the licence text, such as "
        "https://creativecommons.org/licenses/by/4.0/, without spaces, quotes, angle "
        "brackets or control characters; got {written}",
    ),
    "nul": ("不允许 NUL 字符", "NUL is not allowed"),
    "not-slug": (
        "应为 ASCII 短名；实际为 {written}",
        "{written} is not an ASCII slug",
    ),
    # --- hints
    "hint-yaml": (
        "含有 : # [ ] {{ }} & * ! | > 的文字请加引号，并保持缩进一致",
        "quote text containing : # [ ] {{ }} & * ! | > and keep the indentation consistent",
    ),
    "hint-front-matter": (
        "案例文件以 '---' 开头，接着是字段、'---'，然后是 Markdown 正文",
        "a case file starts with '---', the fields, '---', then the Markdown body",
    ),
    "hint-empty": (
        "可用 govcases new 地名 标题 生成案例",
        "scaffold a case with: govcases new LOCALITY TITLE",
    ),
    "hint-duplicate-id": (
        "每个案例的 id 应各不相同，并与文件名一致",
        "give each case its own id, equal to its file name",
    ),
    "hint-missing": (
        "README 的“案例文件格式”一节列出了每个字段及示例",
        "README › Case file format lists every field with an example",
    ),
    "hint-source-missing": (
        "把文件放进来源文件夹，或改正文件名",
        "put the document in the sources folder or correct the file name",
    ),
    "hint-output": (
        "输出路径由 id 和模板决定；请检查两者",
        "output paths come from ids and templates; check both",
    ),
    "hint-links": (
        "提交文件本身；为了只读取项目内容，符号链接一律拒绝",
        "commit the file itself; symbolic links are refused so a build reads only the project",
    ),
    "hint-utf8": ("请在编辑器中以 UTF-8 保存文件", "save the file as UTF-8 in your editor"),
    "hint-number": (
        '数字按来源原样书写，例如 53、91.70 或 "91.70"；文字请加引号',
        'write figures as printed, e.g. 53, 91.70 or "91.70"; quote text',
    ),
    "hint-slug": (
        "小写字母、数字和单个连字符，例如 guangzhou-liwan",
        "lower-case letters, digits and single hyphens, e.g. guangzhou-liwan",
    ),
    "hint-id-file": (
        "写成 id: {stem}（id 总是等于文件名）",
        "set id: {stem} (the id always equals the file name)",
    ),
    "hint-period-start": (
        "按来源填写举措开始的年份；只有草稿（draft: true）可以留空",
        "the year the initiative started, as the source gives it; only a draft "
        "(draft: true) may leave it empty",
    ),
    "hint-place": (
        "写出更完整的地名（如 广州荔湾），或设置 region_code",
        "write the fuller name (广州荔湾) or set region_code",
    ),
    "hint-place-close": (
        "是否想写：{close}？也可写出更完整的地名，或设置 region_code",
        "did you mean: {close}? Or write the fuller name, or set region_code",
    ),
    "hint-pin": (
        "用 region_code 指定其中一个，例如 region_code: {code}；"
        "新建案例时用 govcases new --region-code {code}",
        "pin one with region_code, e.g. region_code: {code}; "
        "for a new case, govcases new --region-code {code}",
    ),
    "hint-term-close": (
        "是否想写：{close}？全部词条见 taxonomy.yaml",
        "did you mean: {close}? taxonomy.yaml lists every term",
    ),
    "hint-term-none": (
        "taxonomy.yaml 列出全部 {count} 个词条（id、中文名和同义词均可）",
        "taxonomy.yaml lists all {count} terms (an id, the Chinese name or a synonym)",
    ),
    "hint-source-keys": ("可用的来源 key：{known}", "one of: {known}"),
    "hint-figure": ("按来源原样抄写数字", "copy the digits exactly as the source prints them"),
    "hint-sections": (
        "例如 ## 背景、## 举措、## 成效、## 启示",
        "sections such as ## 背景, ## 举措, ## 成效, ## 启示",
    ),
    "hint-placeholder-url": (
        "填写阅读来源时的网址，或在案例未完成时标记 draft: true",
        "give the address the source was read at, or mark the case draft: true while it is "
        "unfinished",
    ),
    "hint-placeholder-mark": (
        "对照来源核对推测并删除标记，或在案例未完成时标记 draft: true",
        "check the guess against the source and delete the mark, or mark the case draft: true "
        "while it is unfinished",
    ),
    "hint-placeholder-todo": (
        "根据来源填写，或在案例未完成时标记 draft: true",
        "fill it in from the source, or mark the case draft: true while it is unfinished",
    ),
    "hint-categories": ("可用的类别：{known}", "one of: {known}"),
}
