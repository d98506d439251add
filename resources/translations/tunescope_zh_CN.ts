<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>CompleteTrials</name>
    <message>
        <source>objective</source>
        <translation>目标</translation>
    </message>
</context>
<context>
    <name>Duration</name>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 小时 %2 分钟</translation>
    </message>
    <message>
        <source>%1 h</source>
        <translation>%1 小时</translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation>%1 分钟</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>cannot create %1</source>
        <translation>无法创建 %1</translation>
    </message>
    <message>
        <source>cannot write %1</source>
        <translation>无法写入 %1</translation>
    </message>
</context>
<context>
    <name>ParameterDraft</name>
    <message>
        <source>float</source>
        <translation>浮点</translation>
    </message>
    <message>
        <source>int</source>
        <translation>整数</translation>
    </message>
    <message>
        <source>categorical</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>constant</source>
        <translation>常量</translation>
    </message>
    <message>
        <source>must be a number</source>
        <translation>必须是数字</translation>
    </message>
    <message>
        <source>must be an integer</source>
        <translation>必须是整数</translation>
    </message>
    <message>
        <source> step %1</source>
        <translation>，步长 %1</translation>
    </message>
    <message>
        <source>, log</source>
        <translation>，对数</translation>
    </message>
    <message>
        <source>missing: the step values are rounded to</source>
        <translation>缺少：取值要舍入到的步长</translation>
    </message>
    <message>
        <source>must be numbers separated by commas</source>
        <translation>必须是以逗号分隔的数字</translation>
    </message>
    <message>
        <source> rounded to %1</source>
        <translation>，舍入到 %1 的倍数</translation>
    </message>
    <message>
        <source> weighted %1</source>
        <translation>，权重 %1</translation>
    </message>
    <message>
        <source> · only when %1 = %2</source>
        <translation> · 仅当 %1 = %2 时存在</translation>
    </message>
</context>
<context>
    <name>QObject</name>
    <message>
        <source>Cannot write %1</source>
        <translation>无法写入 %1</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
    <message>
        <source>Unknown image format &apos;%1&apos; (use .png or .svg)</source>
        <translation>未知的图像格式“%1”（请使用 .png 或 .svg）</translation>
    </message>
    <message>
        <source>PNG image (*.png)</source>
        <translation>PNG 图像 (*.png)</translation>
    </message>
    <message>
        <source>SVG drawing (*.svg)</source>
        <translation>SVG 矢量图 (*.svg)</translation>
    </message>
    <message>
        <source>Export chart</source>
        <translation>导出图表</translation>
    </message>
    <message>
        <source>No complete trials to compare yet.</source>
        <translation>尚无可比较的完成试验。</translation>
    </message>
    <message>
        <source>finished trials</source>
        <translation>已结束的试验</translation>
    </message>
    <message>
        <source>best %1 so far (%2)</source>
        <translation>当前最优 %1（%2）</translation>
    </message>
    <message>
        <source>%1 (%2 runs: mean, band min–max)</source>
        <translation>%1（%2 次运行：均值，色带为最小–最大）</translation>
    </message>
    <message>
        <source>%1 of complete trials (%2)</source>
        <translation>完成试验的 %1（%2）</translation>
    </message>
    <message>
        <source>Tunescope, the hyperparameter tuning dashboard</source>
        <translation>Tunescope：超参数调优仪表盘</translation>
    </message>
    <message>
        <source>A study file (.yaml) or a study database (.db).</source>
        <translation>研究文件（.yaml）或研究数据库（.db）。</translation>
    </message>
    <message>
        <source>tunescope gui: give at most one file</source>
        <translation>tunescope gui：最多只能指定一个文件</translation>
    </message>
    <message>
        <source>Cannot Open</source>
        <translation>无法打开</translation>
    </message>
</context>
<context>
    <name>Translations</name>
    <message>
        <source>&amp;System Language</source>
        <translation>跟随系统(&amp;S)</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>The language changes the next time Tunescope starts.</source>
        <translation>语言将在下次启动 Tunescope 时生效。</translation>
    </message>
</context>
<context>
    <name>TrialState</name>
    <message>
        <source>WAITING</source>
        <translation>等待中</translation>
    </message>
    <message>
        <source>RUNNING</source>
        <translation>运行中</translation>
    </message>
    <message>
        <source>COMPLETE</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>PRUNED</source>
        <translation>已剪枝</translation>
    </message>
    <message>
        <source>FAILED</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>maximize</source>
        <translation>最大化</translation>
    </message>
    <message>
        <source>minimize</source>
        <translation>最小化</translation>
    </message>
    <message>
        <source>QUEUED</source>
        <translation>排队中</translation>
    </message>
    <message>
        <source>being submitted</source>
        <translation>正在提交</translation>
    </message>
    <message>
        <source>submitted</source>
        <translation>已提交</translation>
    </message>
    <message>
        <source>waiting to be scheduled</source>
        <translation>等待调度</translation>
    </message>
    <message>
        <source>requeued</source>
        <translation>已重新排队</translation>
    </message>
</context>
<context>
    <name>TrialTooltip</name>
    <message>
        <source>&lt;b&gt;Trial %1&lt;/b&gt;</source>
        <translation>&lt;b&gt;试验 %1&lt;/b&gt;</translation>
    </message>
    <message>
        <source>objective: %1</source>
        <translation>目标：%1</translation>
    </message>
</context>
<context>
    <name>tunescope</name>
    <message>
        <source>tunescope: this build has no desktop dashboard; use a command:</source>
        <translation>tunescope：此版本不含桌面仪表盘；请使用命令：</translation>
    </message>
    <message>
        <source>tunescope: unknown command &apos;%1&apos;</source>
        <translation>tunescope：未知命令“%1”</translation>
    </message>
    <message>
        <source>%1 to use</source>
        <translation>要使用的 %1</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>%1: expected %2 (see tunescope %1 --help)</source>
        <translation>%1：需要 %2（参见 tunescope %1 --help）</translation>
    </message>
    <message>
        <source>%1: no such database</source>
        <translation>%1：数据库不存在</translation>
    </message>
    <message>
        <source>--%1: must be an integer &gt;= %2, not &apos;%3&apos;</source>
        <translation>--%1：必须是 &gt;= %2 的整数，而不是“%3”</translation>
    </message>
    <message>
        <source>%1: cannot write %2: %3</source>
        <translation>%1：无法写入 %2：%3</translation>
    </message>
    <message>
        <source>Database file or postgresql:// URL.</source>
        <translation>数据库文件或 postgresql:// URL。</translation>
    </message>
    <message>
        <source>Study to work on.</source>
        <translation>要处理的研究。</translation>
    </message>
    <message>
        <source>Sampler seed.</source>
        <translation>采样器的随机种子。</translation>
    </message>
    <message>
        <source>Trial budget.</source>
        <translation>试验预算。</translation>
    </message>
    <message>
        <source>Trials at once.</source>
        <translation>同时运行的试验数。</translation>
    </message>
    <message>
        <source>Print only the result.</source>
        <translation>只输出结果。</translation>
    </message>
    <message>
        <source>worker: --study NAME is required</source>
        <translation>worker：必须指定 --study NAME</translation>
    </message>
    <message>
        <source>%1: no study named &apos;%2&apos;</source>
        <translation>%1：没有名为“%2”的研究</translation>
    </message>
    <message>
        <source>Study to export (default: the only one).</source>
        <translation>要导出的研究（默认：唯一的那个）。</translation>
    </message>
    <message>
        <source>csv, json, html or pdf.</source>
        <translation>csv、json、html 或 pdf。</translation>
    </message>
    <message>
        <source>Output file (default: stdout).</source>
        <translation>输出文件（默认：标准输出）。</translation>
    </message>
    <message>
        <source>export: --format must be csv, json, html or pdf, not &apos;%1&apos;</source>
        <translation>export：--format 必须是 csv、json、html 或 pdf，而不是“%1”</translation>
    </message>
    <message>
        <source>export: a PDF needs an output file (-o FILE)</source>
        <translation>export：PDF 需要指定输出文件（-o FILE）</translation>
    </message>
    <message>
        <source>export: the database holds %1 studies; choose one with --study</source>
        <translation>export：数据库中有 %1 个研究；请用 --study 选择一个</translation>
    </message>
    <message>
        <source>export: %1</source>
        <translation>export：%1</translation>
    </message>
    <message>
        <source>export: this build has no report renderer (built without Qt Widgets)</source>
        <translation>export：此版本没有报告渲染器（构建时未包含 Qt Widgets）</translation>
    </message>
    <message>
        <source>A study to compare (repeat; default: every study of the databases).</source>
        <translation>要比较的研究（可重复指定；默认：数据库中的所有研究）。</translation>
    </message>
    <message>
        <source>html, pdf or csv.</source>
        <translation>html、pdf 或 csv。</translation>
    </message>
    <message>
        <source>Do not treat studies named NAME-seedN (_sN, -repN, -runN) as repeats of one setup.</source>
        <translation>不将名为 NAME-seedN（_sN、-repN、-runN）的研究视为同一设置的重复运行。</translation>
    </message>
    <message>
        <source>tunescope compare: studies side by side</source>
        <translation>tunescope compare：并排比较研究</translation>
    </message>
    <message>
        <source>Database(s) holding the studies.</source>
        <translation>包含这些研究的数据库。</translation>
    </message>
    <message>
        <source>compare: %1</source>
        <translation>compare：%1</translation>
    </message>
    <message>
        <source>compare: expected DB (see tunescope compare --help)</source>
        <translation>compare：需要 DB（参见 tunescope compare --help）</translation>
    </message>
    <message>
        <source>compare: --format must be html, pdf or csv, not &apos;%1&apos;</source>
        <translation>compare：--format 必须是 html、pdf 或 csv，而不是“%1”</translation>
    </message>
    <message>
        <source>compare: a PDF needs an output file (-o FILE)</source>
        <translation>compare：PDF 需要指定输出文件（-o FILE）</translation>
    </message>
    <message>
        <source>compare: %1: %2</source>
        <translation>compare：%1：%2</translation>
    </message>
    <message>
        <source>compare: no study named &apos;%1&apos; in %2</source>
        <translation>compare：%2 中没有名为“%1”的研究</translation>
    </message>
    <message>
        <source>compare: needs two or more studies, found %1</source>
        <translation>compare：需要两个或更多研究，只找到 %1 个</translation>
    </message>
    <message>
        <source>compare: this build has no report renderer (built without Qt Widgets)</source>
        <translation>compare：此版本没有报告渲染器（构建时未包含 Qt Widgets）</translation>
    </message>
    <message>
        <source>Study name.</source>
        <translation>研究名称。</translation>
    </message>
    <message>
        <source>ask: --study NAME is required</source>
        <translation>ask：必须指定 --study NAME</translation>
    </message>
    <message>
        <source>ask: %1</source>
        <translation>ask：%1</translation>
    </message>
    <message>
        <source>ask: the sampler has nothing left to suggest (the grid is complete)</source>
        <translation>ask：采样器已无可建议的参数（网格已遍历完）</translation>
    </message>
    <message>
        <source>Trial number.</source>
        <translation>试验编号。</translation>
    </message>
    <message>
        <source>Objective value.</source>
        <translation>目标值。</translation>
    </message>
    <message>
        <source>complete, failed or pruned.</source>
        <translation>complete、failed 或 pruned。</translation>
    </message>
    <message>
        <source>tell: --study NAME and --trial N are required</source>
        <translation>tell：必须指定 --study NAME 和 --trial N</translation>
    </message>
    <message>
        <source>tell: --state must be complete, failed or pruned, not &apos;%1&apos;</source>
        <translation>tell：--state 必须是 complete、failed 或 pruned，而不是“%1”</translation>
    </message>
    <message>
        <source>tell: --value must be a number, not &apos;%1&apos;</source>
        <translation>tell：--value 必须是数字，而不是“%1”</translation>
    </message>
    <message>
        <source>tell: --value V is required for a complete trial</source>
        <translation>tell：完成的试验必须指定 --value V</translation>
    </message>
    <message>
        <source>tell: --trial must be a trial number</source>
        <translation>tell：--trial 必须是试验编号</translation>
    </message>
    <message>
        <source>tell: no study named &apos;%1&apos;</source>
        <translation>tell：没有名为“%1”的研究</translation>
    </message>
    <message>
        <source>tell: study &apos;%1&apos; has no trial %2</source>
        <translation>tell：研究“%1”中没有试验 %2</translation>
    </message>
    <message>
        <source>tell: trial %1 is already %2</source>
        <translation>tell：试验 %1 已经是 %2</translation>
    </message>
    <message>
        <source>tell: %1</source>
        <translation>tell：%1</translation>
    </message>
    <message>
        <source>Leave local absolute paths (program, database, trial folders) out of the report; files are named by their file name alone.</source>
        <translation>报告中不包含本机绝对路径（程序、数据库、试验文件夹）；文件只以文件名表示。</translation>
    </message>
    <message>
        <source>The Optuna study to copy.</source>
        <translation>要复制的 Optuna 研究。</translation>
    </message>
    <message>
        <source>Tunescope database (file or postgresql:// URL) to copy it into; created if needed.</source>
        <translation>复制到的 Tunescope 数据库（文件或 postgresql:// URL）；不存在时自动创建。</translation>
    </message>
    <message>
        <source>Study file to continue with (name, program, method, parameters); the Optuna trials are checked against it.</source>
        <translation>用于继续研究的研究文件（名称、程序、方法、参数）；会据此检查 Optuna 的试验。</translation>
    </message>
    <message>
        <source>Method to continue with when no study file is given (default: tpe).</source>
        <translation>未给出研究文件时继续使用的方法（默认：tpe）。</translation>
    </message>
    <message>
        <source>import: --study NAME and -o DB are required</source>
        <translation>import：必须给出 --study NAME 和 -o DB</translation>
    </message>
    <message>
        <source>import: --method goes with no --spec (the study file names its method)</source>
        <translation>import：--method 不能与 --spec 同时使用（研究文件已指定方法）</translation>
    </message>
    <message>
        <source>import: --method must be %1, not &apos;%2&apos;</source>
        <translation>import：--method 必须是 %1，而不是“%2”</translation>
    </message>
    <message>
        <source>import: folder %1 does not exist</source>
        <translation>import：文件夹 %1 不存在</translation>
    </message>
    <message>
        <source>import: %1</source>
        <translation>import：%1</translation>
    </message>
    <message>
        <source>Continue it with `tunescope ask %1 --study &apos;%2&apos;` and `tell`, or with a program: `tunescope run SPEC.yaml --db %1` where SPEC.yaml names the study &apos;%2&apos;.</source>
        <translation>可用 `tunescope ask %1 --study &apos;%2&apos;` 和 `tell` 继续，或用训练程序继续：`tunescope run SPEC.yaml --db %1`，其中 SPEC.yaml 的研究名称为“%2”。</translation>
    </message>
    <message>
        <source>Study file to write (default: standard output).</source>
        <translation>要写入的研究文件（默认：标准输出）。</translation>
    </message>
    <message>
        <source>wrote %1%2</source>
        <translation>已写入 %1%2</translation>
    </message>
    <message>
        <source> (the search space only: add program, method and metric)</source>
        <translation>（仅搜索空间：请补充程序、方法和指标）</translation>
    </message>
    <message>
        <source>usage: tunescope [COMMAND] [ARGS]

  tunescope                                  the desktop dashboard
  tunescope gui [SPEC.yaml | STUDY.db]       the dashboard, opened on a spec or a database
  tunescope run SPEC.yaml [--db FILE] [--seed N] [--trials N] [--parallel N]
                                             (SPEC: a study file, W&amp;B sweep file or NNI config.yml)
  tunescope studies DB                       list studies with counts and best values
  tunescope export DB [--study NAME] --format csv|json|html|pdf [--no-local-paths] [-o FILE]
  tunescope compare DB [DB...] [--study A --study B ...] --format html|pdf|csv [--no-local-paths] [-o FILE]
  tunescope ask DB --study NAME              suggest parameters for a new trial
  tunescope tell DB --study NAME --trial N --value V [--state complete|failed|pruned]
  tunescope worker DB --study NAME           an extra worker on a shared database
  tunescope enqueue DB --study NAME --param NAME=VALUE ... [--param-file FILE.json] [--allow-out-of-space]
                                             queue a configuration to run before sampled ones
  tunescope retry DB --study NAME (--trial N ... | --failed)
                                             run failed trials again with the same parameters
  tunescope note DB --study NAME [--trial N] TEXT|-   a Markdown note on a study or a trial
  tunescope tag DB --study NAME [TAG...] [--remove TAG]   tags on a study
  tunescope rename DB --study NAME NEW_NAME
  tunescope delete DB --study NAME --yes [--remove-folders]
  tunescope import OPTUNA_DB --study NAME -o DB [--spec SPEC.yaml] [--method M]
                                             copy an Optuna study to continue it here
  tunescope convert FILE [-o STUDY.yaml]     an NNI experiment, NNI search space or W&amp;B sweep as a study file

Each command takes --help.
</source>
        <translation>用法：tunescope [命令] [参数]

  tunescope                                  桌面仪表盘
  tunescope gui [SPEC.yaml | STUDY.db]       打开研究文件或数据库的仪表盘
  tunescope run SPEC.yaml [--db FILE] [--seed N] [--trials N] [--parallel N]
                                             （SPEC：研究文件、W&amp;B sweep 文件或 NNI 的 config.yml）
  tunescope studies DB                       列出研究及其试验数和最优值
  tunescope export DB [--study NAME] --format csv|json|html|pdf [--no-local-paths] [-o FILE]
  tunescope compare DB [DB...] [--study A --study B ...] --format html|pdf|csv [--no-local-paths] [-o FILE]
  tunescope ask DB --study NAME              为新试验建议参数
  tunescope tell DB --study NAME --trial N --value V [--state complete|failed|pruned]
  tunescope worker DB --study NAME           共享数据库上的额外工作进程
  tunescope enqueue DB --study NAME --param NAME=VALUE ... [--param-file FILE.json] [--allow-out-of-space]
                                             排队一个配置，先于采样的配置运行
  tunescope retry DB --study NAME (--trial N ... | --failed)
                                             用相同参数再次运行失败的试验
  tunescope note DB --study NAME [--trial N] TEXT|-   研究或试验的 Markdown 备注
  tunescope tag DB --study NAME [TAG...] [--remove TAG]   研究的标签
  tunescope rename DB --study NAME NEW_NAME
  tunescope delete DB --study NAME --yes [--remove-folders]
  tunescope import OPTUNA_DB --study NAME -o DB [--spec SPEC.yaml] [--method M]
                                             复制 Optuna 研究以在此继续
  tunescope convert FILE [-o STUDY.yaml]     把 NNI 实验、NNI 搜索空间或 W&amp;B sweep 转换为研究文件

每个命令都支持 --help。
</translation>
    </message>
    <message>
        <source>%1: --study NAME is required</source>
        <translation>%1：必须指定 --study NAME</translation>
    </message>
    <message>
        <source>A parameter&apos;s value, NAME=VALUE (repeat for each).</source>
        <translation>一个参数的取值，NAME=VALUE（每个参数重复一次）。</translation>
    </message>
    <message>
        <source>A JSON object of parameter values.</source>
        <translation>参数取值的 JSON 对象。</translation>
    </message>
    <message>
        <source>Run values outside the search space too (the trial is marked).</source>
        <translation>搜索空间之外的取值也运行（试验会被标记）。</translation>
    </message>
    <message>
        <source>enqueue: give the parameters with --param NAME=VALUE or --param-file FILE.json</source>
        <translation>enqueue：请用 --param NAME=VALUE 或 --param-file FILE.json 给出参数</translation>
    </message>
    <message>
        <source>enqueue: %1: %2</source>
        <translation>enqueue：%1：%2</translation>
    </message>
    <message>
        <source>enqueue: %1: not a JSON object of parameter values (%2)</source>
        <translation>enqueue：%1：不是参数取值的 JSON 对象（%2）</translation>
    </message>
    <message>
        <source>another JSON value</source>
        <translation>另一种 JSON 值</translation>
    </message>
    <message>
        <source>enqueue: %1</source>
        <translation>enqueue：%1</translation>
    </message>
    <message>
        <source>A trial to run again (repeat for several).</source>
        <translation>要再次运行的试验（多个时重复）。</translation>
    </message>
    <message>
        <source>Every failed trial that has no retry yet.</source>
        <translation>每个尚未重试的失败试验。</translation>
    </message>
    <message>
        <source>retry: give --trial N (one or more) or --failed</source>
        <translation>retry：请给出 --trial N（一个或多个）或 --failed</translation>
    </message>
    <message>
        <source>retry: --trial must be a trial number, not &apos;%1&apos;</source>
        <translation>retry：--trial 必须是试验编号，而不是“%1”</translation>
    </message>
    <message>
        <source>retry: %1</source>
        <translation>retry：%1</translation>
    </message>
    <message>
        <source>retry: no failed trial without a retry in study &apos;%1&apos;</source>
        <translation>retry：研究“%1”中没有尚未重试的失败试验</translation>
    </message>
    <message>
        <source>The trial to write on (default: the study).</source>
        <translation>要写备注的试验（默认：研究本身）。</translation>
    </message>
    <message>
        <source>note: cannot read the standard input</source>
        <translation>note：无法读取标准输入</translation>
    </message>
    <message>
        <source>note: --study NAME is required</source>
        <translation>note：必须指定 --study NAME</translation>
    </message>
    <message>
        <source>note: %1</source>
        <translation>note：%1</translation>
    </message>
    <message>
        <source>note: --trial must be a trial number, not &apos;%1&apos;</source>
        <translation>note：--trial 必须是试验编号，而不是“%1”</translation>
    </message>
    <message>
        <source>note: study &apos;%1&apos; has no trial %2</source>
        <translation>note：研究“%1”没有试验 %2</translation>
    </message>
    <message>
        <source>A tag to take off (repeat for several).</source>
        <translation>要去掉的标签（多个时重复）。</translation>
    </message>
    <message>
        <source>tag: --study NAME is required</source>
        <translation>tag：必须指定 --study NAME</translation>
    </message>
    <message>
        <source>tag: %1</source>
        <translation>tag：%1</translation>
    </message>
    <message>
        <source>rename: --study NAME is required</source>
        <translation>rename：必须指定 --study NAME</translation>
    </message>
    <message>
        <source>rename: %1</source>
        <translation>rename：%1</translation>
    </message>
    <message>
        <source>Confirm: the study and its trials are deleted for good.</source>
        <translation>确认：研究及其试验将被永久删除。</translation>
    </message>
    <message>
        <source>Remove its trial folders (logs) too.</source>
        <translation>同时删除其试验文件夹（日志）。</translation>
    </message>
    <message>
        <source>delete: --study NAME is required</source>
        <translation>delete：必须指定 --study NAME</translation>
    </message>
    <message>
        <source>delete: %1</source>
        <translation>delete：%1</translation>
    </message>
    <message>
        <source>delete: study &apos;%1&apos; and all its trials would be deleted; add --yes to confirm</source>
        <translation>delete：将删除研究“%1”及其所有试验；加上 --yes 以确认</translation>
    </message>
</context>
<context>
    <name>tunescope::BestSoFarChart</name>
    <message>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>pruned</source>
        <translation>已剪枝</translation>
    </message>
    <message>
        <source>complete</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>best so far</source>
        <translation>当前最优</translation>
    </message>
    <message>
        <source>Best so far</source>
        <translation>当前最优</translation>
    </message>
    <message>
        <source>Logarithmic objective axis</source>
        <translation>目标轴使用对数刻度</translation>
    </message>
    <message>
        <source>Log scale needs every objective value to be &gt; 0</source>
        <translation>对数刻度要求所有目标值都 &gt; 0</translation>
    </message>
    <message>
        <source>complete (%1)</source>
        <translation>完成 (%1)</translation>
    </message>
    <message>
        <source>pruned (%1)</source>
        <translation>已剪枝 (%1)</translation>
    </message>
    <message>
        <source>failed (%1)</source>
        <translation>失败 (%1)</translation>
    </message>
    <message numerus="yes">
        <source>%n finished trial(s) with a value</source>
        <translation>
            <numerusform>%n 个有值的已结束试验</numerusform>
        </translation>
    </message>
    <message>
        <source>No finished trials yet</source>
        <translation>尚无已结束的试验</translation>
    </message>
    <message numerus="yes">
        <source>%n with a NaN/inf objective not shown</source>
        <translation>
            <numerusform>%n 个目标为 NaN/inf 的试验未显示</numerusform>
        </translation>
    </message>
    <message>
        <source>log scale needs all values &gt; 0</source>
        <translation>对数刻度要求所有值 &gt; 0</translation>
    </message>
    <message>
        <source>objective</source>
        <translation>目标</translation>
    </message>
    <message>
        <source>trial</source>
        <translation>试验</translation>
    </message>
</context>
<context>
    <name>tunescope::BudgetSection</name>
    <message>
        <source>Budget and resources</source>
        <translation>预算与资源</translation>
    </message>
    <message>
        <source>unlimited (grid: its size)</source>
        <translation>不限（网格：按网格大小）</translation>
    </message>
    <message>
        <source>&amp;Budget:</source>
        <translation>预算(&amp;B)：</translation>
    </message>
    <message>
        <source> at once</source>
        <translation> 个同时</translation>
    </message>
    <message>
        <source>&amp;Parallel trials:</source>
        <translation>并行试验数(&amp;P)：</translation>
    </message>
    <message>
        <source>none (e.g. 90s, 10m, 1h30m)</source>
        <translation>无（例如 90s、10m、1h30m）</translation>
    </message>
    <message>
        <source>Trial &amp;timeout:</source>
        <translation>试验超时(&amp;T)：</translation>
    </message>
    <message>
        <source>Evaluations of each configuration (folds or seeds). The objective is their mean; each run gets its index as ${repeat} in the command and TUNESCOPE_REPEAT in the environment.</source>
        <translation>每个配置的评估次数（折数或随机种子）。目标取其均值；每次运行的序号在命令中为 ${repeat}，在环境变量中为 TUNESCOPE_REPEAT。</translation>
    </message>
    <message>
        <source>&amp;Repeats:</source>
        <translation>重复次数(&amp;R)：</translation>
    </message>
    <message>
        <source>GPUs:</source>
        <translation>GPU：</translation>
    </message>
    <message>
        <source>Looking for GPUs…</source>
        <translation>正在检测 GPU…</translation>
    </message>
    <message>
        <source>Trials per &amp;GPU:</source>
        <translation>每块 GPU 的试验数(&amp;G)：</translation>
    </message>
    <message>
        <source>must be a duration such as 90s, 10m, 1h30m or 01:00:00</source>
        <translation>必须是时长，例如 90s、10m、1h30m 或 01:00:00</translation>
    </message>
    <message>
        <source>GPU %1: %2 (%3)</source>
        <translation>GPU %1：%2（%3）</translation>
    </message>
    <message>
        <source>GPU %1 (not detected here)</source>
        <translation>GPU %1（本机未检测到）</translation>
    </message>
    <message>
        <source>Slurm jobs get their GPUs from Slurm: ask for them under Run on, GPUs (gres).</source>
        <translation>Slurm 作业的 GPU 由 Slurm 分配：请在“运行位置”的“GPU（gres）”中申请。</translation>
    </message>
    <message>
        <source>none (e.g. 90m, 8h, 1h30m)</source>
        <translation>无（例如 90m、8h、1h30m）</translation>
    </message>
    <message>
        <source>Wall-clock time for the whole study, counted across runs: time spent by earlier runs counts. No trial starts once it is used up or when the next trial would not fit (judged by the median trial duration).</source>
        <translation>整个研究的挂钟时间，跨多次运行累计：之前运行所用的时间也计入。时间用完后，或下一个试验已放不下时（按试验耗时的中位数估计），不再启动新试验。</translation>
    </message>
    <message>
        <source>Time &amp;budget:</source>
        <translation>时间预算(&amp;B)：</translation>
    </message>
    <message>
        <source>Stop running trials when the time is up</source>
        <translation>时间用完时停止正在运行的试验</translation>
    </message>
    <message>
        <source>Without this, trials still running when the time is up run to their end.</source>
        <translation>不勾选时，时间用完时仍在运行的试验会运行到结束。</translation>
    </message>
    <message>
        <source>must be a duration such as 30m, 8h or 1h30m</source>
        <translation>必须是时长，例如 30m、8h 或 1h30m</translation>
    </message>
    <message numerus="yes">
        <source> trial(s)</source>
        <comment>spin box suffix after the number</comment>
        <translation>
            <numerusform> 个试验</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source> run(s) per trial</source>
        <comment>spin box suffix after the number</comment>
        <translation>
            <numerusform> 次/试验</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>tunescope::CompareChart</name>
    <message>
        <source>Pick two or more studies to compare.</source>
        <translation>请选择两个或更多研究进行比较。</translation>
    </message>
    <message>
        <source>Hypervolume compares studies with the same two or more objectives.</source>
        <translation>超体积只能比较具有相同的两个或更多目标的研究。</translation>
    </message>
    <message>
        <source>reference point: %1</source>
        <translation>参考点：%1</translation>
    </message>
</context>
<context>
    <name>tunescope::CompareReport</name>
    <message>
        <source>Study comparison: %1</source>
        <translation>研究对比：%1</translation>
    </message>
    <message>
        <source> vs </source>
        <translation> 对比 </translation>
    </message>
    <message>
        <source>%1 studies · %2 %3 · made %4 with Tunescope %5</source>
        <translation>%1 个研究 · %2 %3 · 由 Tunescope %5 生成于 %4</translation>
    </message>
    <message>
        <source>Studies</source>
        <translation>研究</translation>
    </message>
    <message>
        <source>Study</source>
        <translation>研究</translation>
    </message>
    <message>
        <source>Group</source>
        <translation>分组</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>方法</translation>
    </message>
    <message>
        <source>Trials</source>
        <translation>试验</translation>
    </message>
    <message>
        <source>Best</source>
        <translation>最优</translation>
    </message>
    <message>
        <source>Median</source>
        <translation>中位数</translation>
    </message>
    <message>
        <source>Database</source>
        <translation>数据库</translation>
    </message>
    <message>
        <source>Studies whose names differ only by a seed suffix (-seed3, _s3, -rep3, -run3) form a group: repeats of one setup, drawn as their mean with a band from the worst to the best run.</source>
        <translation>名称仅在种子后缀（-seed3、_s3、-rep3、-run3）上不同的研究归为一组：视为同一设置的重复运行，绘制为均值曲线，并以最差到最优运行之间的色带表示范围。</translation>
    </message>
    <message>
        <source>Best so far</source>
        <translation>当前最优</translation>
    </message>
    <message>
        <source>Best %1 after each finished trial</source>
        <translation>每个试验结束后的最优 %1</translation>
    </message>
    <message>
        <source>One line per study or group; x counts finished trials (complete, pruned or failed) in order. A group&apos;s line ends where its shortest run ends.</source>
        <translation>每个研究或分组一条曲线；横轴按顺序计数已结束的试验（完成、已剪枝或失败）。分组的曲线在其最短的一次运行结束处截止。</translation>
    </message>
    <message>
        <source>Distribution of final values</source>
        <translation>最终值的分布</translation>
    </message>
    <message>
        <source>%1 of every complete trial</source>
        <translation>所有完成试验的 %1</translation>
    </message>
    <message>
        <source>Box from the first to the third quartile with the median; whiskers from the minimum to the maximum; points are the trials.</source>
        <translation>箱体为第一到第三四分位数并标出中位数；须线从最小值延伸到最大值；各点为试验。</translation>
    </message>
    <message>
        <source>Best configurations</source>
        <translation>最优配置</translation>
    </message>
    <message>
        <source>Parameter</source>
        <translation>参数</translation>
    </message>
    <message>
        <source>The best complete trial of each study; highlighted rows differ between the studies.</source>
        <translation>各研究中最优的完成试验；高亮的行在研究之间存在差异。</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Setting</source>
        <translation>设置项</translation>
    </message>
    <message>
        <source>Highlighted rows differ between the studies.</source>
        <translation>高亮的行在研究之间存在差异。</translation>
    </message>
    <message>
        <source>Environment</source>
        <translation>运行环境</translation>
    </message>
    <message>
        <source>Empirical distribution of %1</source>
        <translation>%1 的经验分布</translation>
    </message>
    <message>
        <source>For each value, the fraction of a study&apos;s complete trials that reached at most that value.</source>
        <translation>对每个取值，给出该研究中目标值不超过它的完成试验所占的比例。</translation>
    </message>
    <message>
        <source>Hypervolume</source>
        <translation>超体积</translation>
    </message>
    <message>
        <source>Hypervolume of each study&apos;s Pareto front after each finished trial</source>
        <translation>每个试验结束后各研究帕累托前沿的超体积</translation>
    </message>
    <message>
        <source>Every study is measured to the same reference point: the worst value of each objective over all studies plus 10 % of its range.</source>
        <translation>所有研究都以同一参考点计算：各目标在全部研究中的最差值再加上其取值范围的 10%。</translation>
    </message>
</context>
<context>
    <name>tunescope::CompareView</name>
    <message>
        <source>Compare studies</source>
        <translation>比较研究</translation>
    </message>
    <message>
        <source>Check two or more studies to compare them.</source>
        <translation>勾选两个或更多研究以进行比较。</translation>
    </message>
    <message>
        <source>Group repeated seeds</source>
        <translation>合并重复种子</translation>
    </message>
    <message>
        <source>Studies named NAME-seedN, NAME_sN, NAME-repN or NAME-runN are drawn as one line: their mean, with a band from the worst to the best run.</source>
        <translation>名为 NAME-seedN、NAME_sN、NAME-repN 或 NAME-runN 的研究绘制为一条曲线：取均值，并以最差到最优运行之间的色带表示范围。</translation>
    </message>
    <message>
        <source>Add database…</source>
        <translation>添加数据库…</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <source>Studies</source>
        <translation>研究</translation>
    </message>
    <message>
        <source>%1  (%2, %3 trials) — %4</source>
        <translation>%1  （%2，%3 个试验）— %4</translation>
    </message>
    <message>
        <source>Check two or more studies.</source>
        <translation>请勾选两个或更多研究。</translation>
    </message>
    <message>
        <source>Best configuration</source>
        <translation>最优配置</translation>
    </message>
    <message>
        <source>Setting</source>
        <translation>设置项</translation>
    </message>
    <message>
        <source>Differs between the studies</source>
        <translation>研究之间存在差异</translation>
    </message>
    <message>
        <source>Nothing to export: check two or more studies.</source>
        <translation>没有可导出的内容：请勾选两个或更多研究。</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
    <message>
        <source>Add a study database</source>
        <translation>添加研究数据库</translation>
    </message>
    <message>
        <source>Study databases (*.db *.sqlite);;All files (*)</source>
        <translation>研究数据库 (*.db *.sqlite);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Add database</source>
        <translation>添加数据库</translation>
    </message>
    <message>
        <source>Cannot open %1:
%2</source>
        <translation>无法打开 %1：
%2</translation>
    </message>
    <message>
        <source>Export comparison</source>
        <translation>导出对比</translation>
    </message>
    <message>
        <source>HTML report (*.html);;PDF report (*.pdf);;CSV, one row per trial (*.csv)</source>
        <translation>HTML 报告 (*.html);;PDF 报告 (*.pdf);;CSV，每个试验一行 (*.csv)</translation>
    </message>
</context>
<context>
    <name>tunescope::CurvesChart</name>
    <message>
        <source>Metric to plot against step</source>
        <translation>按步数绘制的指标</translation>
    </message>
    <message>
        <source>Metric:</source>
        <translation>指标：</translation>
    </message>
    <message>
        <source>Validation curves</source>
        <translation>验证曲线</translation>
    </message>
    <message>
        <source>Logarithmic metric axis</source>
        <translation>指标轴使用对数刻度</translation>
    </message>
    <message>
        <source>Log scale needs every value of %1 to be &gt; 0</source>
        <translation>对数刻度要求 %1 的所有值都 &gt; 0</translation>
    </message>
    <message>
        <source>No metric reported yet</source>
        <translation>尚未上报任何指标</translation>
    </message>
    <message>
        <source>No values of %1 reported yet</source>
        <translation>尚未上报 %1 的任何值</translation>
    </message>
    <message numerus="yes">
        <source>%n trial(s)</source>
        <translation>
            <numerusform>%n 个试验</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n point(s)</source>
        <translation>
            <numerusform>%n 个点</numerusform>
        </translation>
    </message>
    <message>
        <source>step</source>
        <translation>步数</translation>
    </message>
    <message>
        <source>metric</source>
        <translation>指标</translation>
    </message>
    <message>
        <source>best: #%1</source>
        <translation>最优：#%1</translation>
    </message>
    <message>
        <source>selected: #%1</source>
        <translation>选中：#%1</translation>
    </message>
    <message>
        <source>#%1</source>
        <translation>#%1</translation>
    </message>
    <message>
        <source>%1 = %2 at step %3</source>
        <translation>%1 = %2（第 %3 步）</translation>
    </message>
    <message>
        <source>objective: %1</source>
        <translation>目标：%1</translation>
    </message>
    <message>
        <source>Loading the values…</source>
        <translation>正在读取数值…</translation>
    </message>
    <message>
        <source>Auto</source>
        <translation>自动</translation>
    </message>
    <message>
        <source>Lines</source>
        <translation>线条</translation>
    </message>
    <message>
        <source>Density</source>
        <translation>密度</translation>
    </message>
    <message>
        <source>Quantile bands</source>
        <translation>分位数带</translation>
    </message>
    <message>
        <source>How the curves are drawn. Auto: every curve as a line up to %1 trials, beyond that their density (how many curves pass through each pixel).</source>
        <translation>曲线的绘制方式。自动：试验不超过 %1 个时每条曲线画成一条线，超过后画成密度图（每个像素经过多少条曲线）。</translation>
    </message>
    <message>
        <source>top </source>
        <translation>前 </translation>
    </message>
    <message>
        <source>The best complete trials drawn as lines over the density or the bands</source>
        <translation>在密度图或分位数带上以线条画出的最优完成试验</translation>
    </message>
    <message>
        <source>Draw:</source>
        <translation>绘制：</translation>
    </message>
    <message>
        <source>top %1</source>
        <translation>前 %1</translation>
    </message>
    <message>
        <source>density</source>
        <translation>密度图</translation>
    </message>
    <message>
        <source>quantile bands</source>
        <translation>分位数带</translation>
    </message>
    <message>
        <source>Show only the curves of the best complete trials by the objective</source>
        <translation>只显示按目标排名最好的已完成试验的曲线</translation>
    </message>
    <message numerus="yes">
        <source>%n other trial(s) not shown</source>
        <translation>
            <numerusform>另有 %n 个试验未显示</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>tunescope::CurvesLayer</name>
    <message>
        <source>trials per pixel: 1 … %1</source>
        <translation>每像素试验数：1 … %1</translation>
    </message>
    <message>
        <source>median, 25–75 % and 10–90 % of the trials at each step</source>
        <translation>每一步试验值的中位数、25–75 % 与 10–90 % 区间</translation>
    </message>
</context>
<context>
    <name>tunescope::EarlyStoppingSection</name>
    <message>
        <source>Early stopping</source>
        <translation>早停</translation>
    </message>
    <message>
        <source>Every trial runs to the end.</source>
        <translation>每个试验都运行到结束。</translation>
    </message>
    <message>
        <source>Median rule (Optuna): stop a trial whose value is worse than the median of earlier trials at the same step.</source>
        <translation>中位数规则（Optuna）：若试验的值差于之前试验在同一步的中位数，则停止该试验。</translation>
    </message>
    <message>
        <source>Asynchronous successive halving: at steps min, min·η, min·η², … keep the best 1/η of the trials that got there.</source>
        <translation>异步连续减半（ASHA）：在第 min、min·η、min·η²、… 步，保留到达该步的试验中最好的 1/η。</translation>
    </message>
    <message>
        <source>Hyperband: several successive-halving brackets between the minimum and maximum step, trading breadth against depth.</source>
        <translation>Hyperband：在最小步与最大步之间设置多个连续减半分组，在广度与深度之间权衡。</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Pr&amp;uner:</source>
        <translation>剪枝器(&amp;U)：</translation>
    </message>
    <message>
        <source>Trials that must finish before anything is pruned.</source>
        <translation>开始剪枝之前必须完成的试验数。</translation>
    </message>
    <message>
        <source>Start&amp;up trials:</source>
        <translation>启动试验数(&amp;U)：</translation>
    </message>
    <message>
        <source>Steps of each trial that are never pruned.</source>
        <translation>每个试验中不会被剪枝的步数。</translation>
    </message>
    <message>
        <source>&amp;Warm-up steps:</source>
        <translation>预热步数(&amp;W)：</translation>
    </message>
    <message>
        <source>1 (default)</source>
        <translation>1（默认）</translation>
    </message>
    <message>
        <source>The first step at which trials are compared (W&amp;B: min_iter).</source>
        <translation>开始比较试验的第一步（W&amp;B：min_iter）。</translation>
    </message>
    <message>
        <source>Mi&amp;n step:</source>
        <translation>最小步数(&amp;N)：</translation>
    </message>
    <message>
        <source>required for brackets</source>
        <translation>分组所必需</translation>
    </message>
    <message>
        <source>The step a trial that is never stopped reaches, e.g. its last epoch (W&amp;B: max_iter).</source>
        <translation>从不被停止的试验所能到达的步数，例如最后一个 epoch（W&amp;B：max_iter）。</translation>
    </message>
    <message>
        <source>Ma&amp;x step:</source>
        <translation>最大步数(&amp;X)：</translation>
    </message>
    <message>
        <source>3 (default)</source>
        <translation>3（默认）</translation>
    </message>
    <message>
        <source>η: each rung keeps the best 1/η of the trials that reach it (W&amp;B: eta).</source>
        <translation>η：每一级保留到达该级的试验中最好的 1/η（W&amp;B：eta）。</translation>
    </message>
    <message>
        <source>Re&amp;duction factor:</source>
        <translation>缩减因子(&amp;D)：</translation>
    </message>
    <message>
        <source>must be a number</source>
        <translation>必须是数字</translation>
    </message>
    <message>
        <source>NNI&apos;s median stop: once a trial has reported the start step&apos;s number of values, stop it when its best is worse than the median of the completed trials&apos; running averages.</source>
        <translation>NNI 的中位数停止规则：试验报告的值达到起始步数后，若其最优值劣于已完成试验滑动平均值的中位数，则停止该试验。</translation>
    </message>
    <message>
        <source>Reports a trial makes before it is judged (NNI&apos;s start_step).</source>
        <translation>试验在被评判前须报告的次数（NNI 的 start_step）。</translation>
    </message>
    <message>
        <source>Sta&amp;rt step:</source>
        <translation>起始步数(&amp;R)：</translation>
    </message>
</context>
<context>
    <name>tunescope::EdfChart</name>
    <message>
        <source>%1 ≤ %2: %3 of %4 trials (%5 %)</source>
        <translation>%1 ≤ %2：%4 个试验中的 %3 个（%5%）</translation>
    </message>
    <message>
        <source>Empirical distribution</source>
        <translation>经验分布</translation>
    </message>
    <message>
        <source>No complete trials yet.</source>
        <translation>尚无完成的试验。</translation>
    </message>
    <message>
        <source>fraction of complete trials ≤ x</source>
        <translation>≤ x 的完成试验比例</translation>
    </message>
    <message>
        <source>%1: %2 trials</source>
        <translation>%1：%2 个试验</translation>
    </message>
</context>
<context>
    <name>tunescope::EnqueueDialog</name>
    <message>
        <source>Enqueue a Trial</source>
        <translation>排队一个试验</translation>
    </message>
    <message>
        <source>Queued trials run before the sampler&apos;s, in the order queued, and count towards the budget.</source>
        <translation>排队的试验按排队顺序先于采样器建议的试验运行，并计入预算。</translation>
    </message>
    <message>
        <source>Allow values outside the search space (the trial is marked; samplers ignore it)</source>
        <translation>允许搜索空间之外的取值（试验会被标记；采样器不使用它）</translation>
    </message>
    <message>
        <source>Enqueue</source>
        <translation>排队</translation>
    </message>
</context>
<context>
    <name>tunescope::GpuDetector</name>
    <message>
        <source>No NVIDIA driver found (nvidia-smi is not installed): trials run on CPU slots.</source>
        <translation>未找到 NVIDIA 驱动（未安装 nvidia-smi）：试验在 CPU 槽位上运行。</translation>
    </message>
    <message>
        <source>nvidia-smi failed: %1</source>
        <translation>nvidia-smi 运行失败：%1</translation>
    </message>
    <message>
        <source>nvidia-smi lists no GPU: trials run on CPU slots.</source>
        <translation>nvidia-smi 未列出任何 GPU：试验在 CPU 槽位上运行。</translation>
    </message>
    <message>
        <source>nvidia-smi could not be started: %1</source>
        <translation>无法启动 nvidia-smi：%1</translation>
    </message>
    <message>
        <source>nvidia-smi did not answer within 10 s.</source>
        <translation>nvidia-smi 在 10 秒内没有响应。</translation>
    </message>
</context>
<context>
    <name>tunescope::HeatmapWidget</name>
    <message>
        <source>Mean per cell</source>
        <translation>每格均值</translation>
    </message>
    <message>
        <source>Best per cell</source>
        <translation>每格最优</translation>
    </message>
    <message>
        <source>Cells along each numeric parameter (categoricals get one per value)</source>
        <translation>每个数值参数方向上的格数（类别参数每个取值一格）</translation>
    </message>
    <message>
        <source>x:</source>
        <translation>x：</translation>
    </message>
    <message>
        <source>y:</source>
        <translation>y：</translation>
    </message>
    <message>
        <source>Bins:</source>
        <translation>分箱：</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>mean</source>
        <translation>均值</translation>
    </message>
    <message>
        <source>best</source>
        <translation>最优</translation>
    </message>
    <message numerus="yes">
        <source>%n trial(s) in this cell</source>
        <translation>
            <numerusform>此格中有 %n 个试验</numerusform>
        </translation>
    </message>
    <message>
        <source>Parameter heatmap</source>
        <translation>参数热力图</translation>
    </message>
    <message>
        <source>The heatmap needs a study with two or more parameters.</source>
        <translation>热力图需要研究至少有两个参数。</translation>
    </message>
    <message>
        <source>mean per cell</source>
        <translation>每格均值</translation>
    </message>
    <message>
        <source>best per cell</source>
        <translation>每格最优</translation>
    </message>
    <message>
        <source>No complete trials yet.</source>
        <translation>尚无完成的试验。</translation>
    </message>
    <message>
        <source>No data</source>
        <translation>无数据</translation>
    </message>
</context>
<context>
    <name>tunescope::HypervolumeChart</name>
    <message>
        <source>One value per objective, in its own units, separated by commas; empty: the worst value of each objective plus 10 % of its range</source>
        <translation>每个目标一个值，使用该目标自身的单位，以逗号分隔；留空：各目标的最差值再加上其取值范围的 10%</translation>
    </message>
    <message>
        <source>&amp;Reference point:</source>
        <translation>参考点(&amp;R)：</translation>
    </message>
    <message>
        <source>Hypervolume</source>
        <translation>超体积</translation>
    </message>
    <message>
        <source>Not a list of numbers: %1</source>
        <translation>不是数字列表：%1</translation>
    </message>
    <message>
        <source>The study has %1 objectives: give one value for each.</source>
        <translation>该研究有 %1 个目标：请为每个目标给出一个值。</translation>
    </message>
    <message>
        <source>Hypervolume needs a study with two or more objectives.</source>
        <translation>超体积需要具有两个或更多目标的研究。</translation>
    </message>
    <message>
        <source>No complete trials yet.</source>
        <translation>尚无完成的试验。</translation>
    </message>
    <message>
        <source>reference point: %1</source>
        <translation>参考点：%1</translation>
    </message>
    <message>
        <source>default: %1</source>
        <translation>默认：%1</translation>
    </message>
    <message>
        <source>finished trials</source>
        <translation>已结束的试验</translation>
    </message>
    <message>
        <source>hypervolume</source>
        <translation>超体积</translation>
    </message>
</context>
<context>
    <name>tunescope::ImportanceChart</name>
    <message>
        <source>%1 %</source>
        <translation>%1%</translation>
    </message>
    <message>
        <source>Parameter importance</source>
        <translation>参数重要性</translation>
    </message>
    <message>
        <source>No parameters to show.</source>
        <translation>没有可显示的参数。</translation>
    </message>
    <message>
        <source>Fitting the importance forest…</source>
        <translation>正在拟合重要性随机森林…</translation>
    </message>
    <message>
        <source>Importance needs at least 4 complete trials with a varying objective.</source>
        <translation>估计重要性至少需要 4 个目标值有变化的完成试验。</translation>
    </message>
    <message>
        <source>Main effects: share of the objective&apos;s variance each parameter explains alone</source>
        <translation>主效应：各参数单独解释的目标值方差占比</translation>
    </message>
    <message>
        <source>Strongest interactions: what two parameters explain only together</source>
        <translation>最强交互作用：两个参数只有共同作用时才能解释的部分</translation>
    </message>
    <message>
        <source>fANOVA over a random forest of 64 trees fitted to the %1 complete trials; whiskers: ± one standard deviation over the trees. Higher interactions and noise: %2 of the variance.</source>
        <translation>基于拟合 %1 个完成试验的 64 棵树随机森林的 fANOVA；须线：各棵树之间的 ± 一个标准差。更高阶交互作用与噪声：占方差的 %2。</translation>
    </message>
</context>
<context>
    <name>tunescope::MainWindow</name>
    <message>
        <source>Cannot Open</source>
        <translation>无法打开</translation>
    </message>
    <message>
        <source>&amp;New Study</source>
        <translation>新建研究(&amp;N)</translation>
    </message>
    <message>
        <source>Design a new study</source>
        <translation>设计一个新研究</translation>
    </message>
    <message>
        <source>&amp;Open…</source>
        <translation>打开(&amp;O)…</translation>
    </message>
    <message>
        <source>Open a study file (.yaml) or a study database (.db)</source>
        <translation>打开研究文件（.yaml）或研究数据库（.db）</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <source>Save the study file</source>
        <translation>保存研究文件</translation>
    </message>
    <message>
        <source>Save &amp;As…</source>
        <translation>另存为(&amp;A)…</translation>
    </message>
    <message>
        <source>Save the study file under a new name</source>
        <translation>以新名称保存研究文件</translation>
    </message>
    <message>
        <source>S&amp;tart</source>
        <translation>开始(&amp;T)</translation>
    </message>
    <message>
        <source>Start the study (or continue it up to its budget)</source>
        <translation>开始研究（或继续运行直到用完预算）</translation>
    </message>
    <message>
        <source>&amp;Pause</source>
        <translation>暂停(&amp;P)</translation>
    </message>
    <message>
        <source>Start no new trials; running ones finish</source>
        <translation>不再启动新试验；正在运行的试验继续完成</translation>
    </message>
    <message>
        <source>Res&amp;ume</source>
        <translation>继续(&amp;U)</translation>
    </message>
    <message>
        <source>Start new trials again</source>
        <translation>重新开始启动新试验</translation>
    </message>
    <message>
        <source>St&amp;op</source>
        <translation>停止(&amp;O)</translation>
    </message>
    <message>
        <source>Stop running trials (they are redone when the study is started again)</source>
        <translation>停止正在运行的试验（再次开始研究时会重新运行）</translation>
    </message>
    <message>
        <source>&amp;Export Chart…</source>
        <translation>导出图表(&amp;E)…</translation>
    </message>
    <message>
        <source>Save the chart on screen as PNG or SVG</source>
        <translation>将屏幕上的图表保存为 PNG 或 SVG</translation>
    </message>
    <message>
        <source>Export &amp;Report…</source>
        <translation>导出报告(&amp;R)…</translation>
    </message>
    <message>
        <source>Write the shown study as a report (HTML or PDF) to send to colleagues</source>
        <translation>将当前研究导出为报告（HTML 或 PDF），便于发给同事</translation>
    </message>
    <message>
        <source>&amp;Compare Studies…</source>
        <translation>比较研究(&amp;C)…</translation>
    </message>
    <message>
        <source>Compare two or more studies side by side</source>
        <translation>并排比较两个或更多研究</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>Quit Tunescope</source>
        <translation>退出 Tunescope</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Study</source>
        <translation>研究(&amp;S)</translation>
    </message>
    <message>
        <source>Se&amp;ttings</source>
        <translation>设置(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <source>Main</source>
        <translation>主工具栏</translation>
    </message>
    <message>
        <source>Design</source>
        <translation>设计</translation>
    </message>
    <message>
        <source>Trials</source>
        <translation>试验</translation>
    </message>
    <message>
        <source>Curves</source>
        <translation>曲线</translation>
    </message>
    <message>
        <source>Best so far</source>
        <translation>当前最优</translation>
    </message>
    <message>
        <source>Heatmap</source>
        <translation>热力图</translation>
    </message>
    <message>
        <source>Parallel coordinates</source>
        <translation>平行坐标</translation>
    </message>
    <message>
        <source>Slice</source>
        <translation>切片图</translation>
    </message>
    <message>
        <source>Pareto front</source>
        <translation>帕累托前沿</translation>
    </message>
    <message>
        <source>Studies</source>
        <translation>研究</translation>
    </message>
    <message>
        <source>A study is running; stop it before opening another one.</source>
        <translation>有研究正在运行；请先停止它再打开其他研究。</translation>
    </message>
    <message>
        <source>Could not open %1: %2</source>
        <translation>无法打开 %1：%2</translation>
    </message>
    <message>
        <source>No database yet: Start creates &lt;tt&gt;%1&lt;/tt&gt;.</source>
        <translation>尚无数据库：点击“开始”将创建 &lt;tt&gt;%1&lt;/tt&gt;。</translation>
    </message>
    <message>
        <source>A study is running; stop it before opening another database.</source>
        <translation>有研究正在运行；请先停止它再打开其他数据库。</translation>
    </message>
    <message>
        <source>%1: no such file</source>
        <translation>%1：文件不存在</translation>
    </message>
    <message>
        <source>Cannot open study &apos;%1&apos;: %2</source>
        <translation>无法打开研究“%1”：%2</translation>
    </message>
    <message>
        <source>The study has problems; fix them first:
%1</source>
        <translation>研究存在问题，请先修复：
%1</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>已保存 %1</translation>
    </message>
    <message>
        <source>The study is already running.</source>
        <translation>研究已在运行。</translation>
    </message>
    <message>
        <source>Save the study file first: its trials run in its folder.</source>
        <translation>请先保存研究文件：试验会在其所在文件夹中运行。</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>Study stopped</source>
        <translation>研究已停止</translation>
    </message>
    <message>
        <source>Study &apos;%1&apos; started</source>
        <translation>研究“%1”已开始</translation>
    </message>
    <message>
        <source>Paused: no new trials start; running ones finish.</source>
        <translation>已暂停：不再启动新试验；正在运行的试验继续完成。</translation>
    </message>
    <message>
        <source>Resumed.</source>
        <translation>已继续。</translation>
    </message>
    <message>
        <source>Stopping running trials…</source>
        <translation>正在停止运行中的试验…</translation>
    </message>
    <message>
        <source>Study finished: %1 trials.</source>
        <translation>研究已结束：共 %1 个试验。</translation>
    </message>
    <message>
        <source>Open Study</source>
        <translation>打开研究</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt;&lt;br&gt;&lt;br&gt;%2</source>
        <translation>&lt;b&gt;%1&lt;/b&gt;&lt;br&gt;&lt;br&gt;%2</translation>
    </message>
    <message>
        <source>Cannot Save</source>
        <translation>无法保存</translation>
    </message>
    <message>
        <source>Save Study File</source>
        <translation>保存研究文件</translation>
    </message>
    <message>
        <source>Study files (*.yaml *.yml)</source>
        <translation>研究文件 (*.yaml *.yml)</translation>
    </message>
    <message>
        <source>Cannot Start</source>
        <translation>无法开始</translation>
    </message>
    <message>
        <source>Export Report</source>
        <translation>导出报告</translation>
    </message>
    <message>
        <source>Open a study database and pick a study first.</source>
        <translation>请先打开研究数据库并选择一个研究。</translation>
    </message>
    <message>
        <source>Compare Studies</source>
        <translation>比较研究</translation>
    </message>
    <message>
        <source>Trials Are Running</source>
        <translation>试验正在运行</translation>
    </message>
    <message numerus="yes">
        <source>%n trial(s) of &apos;%1&apos; are still running.</source>
        <translation>
            <numerusform>“%1”仍有 %n 个试验正在运行。</numerusform>
        </translation>
    </message>
    <message>
        <source>Stopped trials are recorded as interrupted and run again the next time the study is started.</source>
        <translation>被停止的试验会记录为已中断，并在下次开始研究时重新运行。</translation>
    </message>
    <message>
        <source>Stop Trials and Quit</source>
        <translation>停止试验并退出</translation>
    </message>
    <message>
        <source>Quit When They Finish</source>
        <translation>完成后退出</translation>
    </message>
    <message>
        <source>Tunescope quits when the running trials finish.</source>
        <translation>正在运行的试验结束后，Tunescope 将退出。</translation>
    </message>
    <message>
        <source>Local &amp;Paths in Reports</source>
        <translation>报告中包含本机路径(&amp;P)</translation>
    </message>
    <message>
        <source>Off: reports name files by their name alone, for people outside the team</source>
        <translation>关闭时：报告只写文件名，便于发给团队以外的人</translation>
    </message>
    <message>
        <source>An Optuna database: only read, never written</source>
        <translation>Optuna 数据库：只读取，从不写入</translation>
    </message>
    <message>
        <source>%1 is an Optuna database, which Tunescope only reads. To continue one of its studies, import it into a database of its own: tunescope import %1 --study NAME -o study.db</source>
        <translation>%1 是 Optuna 数据库，Tunescope 只读取它。要继续其中的研究，请先导入到单独的数据库：tunescope import %1 --study NAME -o study.db</translation>
    </message>
    <message>
        <source>Studies (*.yaml *.yml *.json *.db);;Study files (*.yaml *.yml *.json);;Study databases (*.db *.sqlite *.sqlite3);;All files (*)</source>
        <translation>研究 (*.yaml *.yml *.json *.db);;研究文件 (*.yaml *.yml *.json);;研究数据库 (*.db *.sqlite *.sqlite3);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Their Slurm jobs can keep running without Tunescope: start the study again later and it follows them where they are. Stopped trials are recorded as interrupted and run again.</source>
        <translation>这些试验的 Slurm 作业可以在 Tunescope 退出后继续运行：之后再次开始该研究，会从它们当前的进度接着跟踪。被停止的试验会记录为已中断，并重新运行。</translation>
    </message>
    <message>
        <source>Quit, Jobs Keep Running</source>
        <translation>退出，作业继续运行</translation>
    </message>
    <message>
        <source>New study &apos;%1&apos; from &apos;%2&apos;: edit it, then Start</source>
        <translation>由“%2”新建的研究“%1”：编辑后点击开始</translation>
    </message>
    <message>
        <source>Metrics</source>
        <translation>指标对比</translation>
    </message>
    <message>
        <source>Importance</source>
        <translation>重要性</translation>
    </message>
    <message>
        <source>Timeline</source>
        <translation>时间线</translation>
    </message>
    <message>
        <source>Distribution</source>
        <translation>分布</translation>
    </message>
    <message>
        <source>Pareto matrix</source>
        <translation>帕累托矩阵</translation>
    </message>
    <message>
        <source>Hypervolume</source>
        <translation>超体积</translation>
    </message>
    <message>
        <source>Study &apos;%1&apos; started; warm start: %2</source>
        <translation>研究“%1”已开始；热启动：%2</translation>
    </message>
    <message>
        <source>Co&amp;mpare Picked Trials</source>
        <translation>比较选取的试验(&amp;M)</translation>
    </message>
    <message>
        <source>The trials selected in the table or Ctrl-clicked in the charts, side by side</source>
        <translation>并排比较在表格中选中或在图表中按住 Ctrl 点击选取的试验</translation>
    </message>
    <message>
        <source>Pick 2 to 10 trials first: select them in the table, or Ctrl-click them in a chart</source>
        <translation>请先选取 2 到 10 个试验：在表格中选中它们，或在图表中按住 Ctrl 点击它们</translation>
    </message>
    <message>
        <source>Picked trials %1: Ctrl-click more in any chart, Ctrl+Shift+M compares them</source>
        <translation>已选取试验 %1：在任意图表中按住 Ctrl 点击以选取更多，Ctrl+Shift+M 进行比较</translation>
    </message>
    <message>
        <source>Study</source>
        <translation>研究</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>进度</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>参数</translation>
    </message>
    <message>
        <source>Objectives</source>
        <translation>目标</translation>
    </message>
    <message>
        <source>All Views</source>
        <translation>全部视图</translation>
    </message>
    <message>
        <source>Every view by group (View menu; Alt+1 … Alt+0, Ctrl+PgDown, Ctrl+PgUp)</source>
        <translation>按组列出全部视图（“视图”菜单；Alt+1 … Alt+0、Ctrl+PgDown、Ctrl+PgUp）</translation>
    </message>
    <message numerus="yes">
        <source>%n trial(s) picked: Ctrl+Shift+M compares them</source>
        <translation>
            <numerusform>已选取 %n 个试验：按 Ctrl+Shift+M 进行对比</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>tunescope::MethodSection</name>
    <message>
        <source>Objective</source>
        <translation>目标</translation>
    </message>
    <message>
        <source>metric the program prints, e.g. val_loss</source>
        <translation>程序输出的指标，例如 val_loss</translation>
    </message>
    <message>
        <source>&amp;Metric:</source>
        <translation>指标(&amp;M)：</translation>
    </message>
    <message>
        <source>minimize</source>
        <translation>最小化</translation>
    </message>
    <message>
        <source>maximize</source>
        <translation>最大化</translation>
    </message>
    <message>
        <source>&amp;Goal:</source>
        <translation>优化方向(&amp;G)：</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>方法</translation>
    </message>
    <message>
        <source>Random search: independent samples; a good first look.</source>
        <translation>随机搜索：独立采样；适合初步探索。</translation>
    </message>
    <message>
        <source>Grid search: every combination of the grid values, once.</source>
        <translation>网格搜索：网格取值的每种组合各运行一次。</translation>
    </message>
    <message>
        <source>Random order over the grid points, without repeats.</source>
        <translation>以随机顺序遍历网格点，不重复。</translation>
    </message>
    <message>
        <source>Sobol sequence: quasi-random, covers the space evenly.</source>
        <translation>Sobol 序列：准随机，均匀覆盖搜索空间。</translation>
    </message>
    <message>
        <source>M&amp;ethod:</source>
        <translation>方法(&amp;E)：</translation>
    </message>
    <message>
        <source>default</source>
        <translation>默认</translation>
    </message>
    <message>
        <source>Random trials before the model-based sampler takes over.</source>
        <translation>基于模型的采样器接管前的随机试验数。</translation>
    </message>
    <message>
        <source>&amp;Startup trials:</source>
        <translation>启动试验数(&amp;S)：</translation>
    </message>
    <message>
        <source>The same seed samples the same sequence of configurations.</source>
        <translation>相同的种子会采样出相同的配置序列。</translation>
    </message>
    <message>
        <source>S&amp;eed:</source>
        <translation>随机种子(&amp;E)：</translation>
    </message>
    <message>
        <source>Prefer c&amp;heaper trials (cost-aware)</source>
        <translation>优先运行成本更低的试验（成本感知）(&amp;H)</translation>
    </message>
    <message>
        <source>Models each configuration&apos;s run time and picks the most expected improvement per second of compute: of two equally promising settings, the faster one runs first.</source>
        <translation>为每种配置的运行时间建模，选择每秒计算量期望改进最大的点：两个同样有希望的设置中，先运行更快的那个。</translation>
    </message>
    <message>
        <source>Tree-structured Parzen estimator: about a millisecond per suggestion, 30 ms at 10,000 trials. Choose it for large budgets (hundreds to thousands of trials), cheap trials, or rugged objectives with many local minima: it beat bayes on 4 of our 24 benchmark functions, all of them multimodal.</source>
        <translation>树状 Parzen 估计器：每次建议约 1 毫秒，10,000 次试验时约 30 毫秒。适合大预算（数百到数千次试验）、开销小的试验，或有许多局部极小值的崎岖目标：在我们的 24 个基准函数中，它在 4 个上优于 bayes，全部是多峰函数。</translation>
    </message>
    <message>
        <source>Gaussian-process Bayesian optimization: the fewest trials to a good result on smooth or mixed spaces of up to about 10 parameters (lower regret than tpe on 20 of our 24 benchmark functions). Up to a second per suggestion; handles noisy metrics and recommends by posterior mean.</source>
        <translation>高斯过程贝叶斯优化：在平滑或混合类型、最多约 10 个参数的搜索空间上，用最少的试验得到好结果（在我们的 24 个基准函数中，有 20 个的遗憾值低于 tpe）。每次建议最多约 1 秒；能处理有噪声的指标，并按后验均值推荐试验。</translation>
    </message>
</context>
<context>
    <name>tunescope::MetricChooser</name>
    <message>
        <source>What the chart plots per trial: the objective, or the last reported value of another metric</source>
        <translation>图表为每个试验绘制的值：目标，或另一个指标最后上报的值</translation>
    </message>
    <message>
        <source>&amp;Metric:</source>
        <translation>指标(&amp;M)：</translation>
    </message>
    <message>
        <source>Higher is better</source>
        <translation>越高越好</translation>
    </message>
    <message>
        <source>The study sets no goal for this metric: say which way is better</source>
        <translation>研究没有为此指标设定目标：请指明哪个方向更好</translation>
    </message>
    <message>
        <source>objective</source>
        <translation>目标</translation>
    </message>
    <message>
        <source>%1 (objective)</source>
        <translation>%1（目标）</translation>
    </message>
</context>
<context>
    <name>tunescope::MetricPairChart</name>
    <message>
        <source>Metrics side by side</source>
        <translation>指标并排对比</translation>
    </message>
</context>
<context>
    <name>tunescope::NoteDialog</name>
    <message>
        <source>Markdown: # headings, *emphasis*, **bold**, - lists, `code`, [links](https://…)</source>
        <translation>Markdown：# 标题、*强调*、**粗体**、- 列表、`代码`、[链接](https://…)</translation>
    </message>
</context>
<context>
    <name>tunescope::ParallelCoordinatesWidget</name>
    <message>
        <source>Parallel coordinates</source>
        <translation>平行坐标</translation>
    </message>
    <message>
        <source>No parameters to show.</source>
        <translation>没有可显示的参数。</translation>
    </message>
    <message>
        <source>No complete trials yet.</source>
        <translation>尚无完成的试验。</translation>
    </message>
    <message>
        <source>%1 (best %2 of %3)</source>
        <translation>%1（%3 个中最优的 %2 个）</translation>
    </message>
</context>
<context>
    <name>tunescope::ParameterEditor</name>
    <message>
        <source>Parameter</source>
        <translation>参数</translation>
    </message>
    <message>
        <source>N&amp;ame:</source>
        <translation>名称(&amp;A)：</translation>
    </message>
    <message>
        <source>T&amp;ype:</source>
        <translation>类型(&amp;Y)：</translation>
    </message>
    <message>
        <source>Ra&amp;nge:</source>
        <translation>范围(&amp;N)：</translation>
    </message>
    <message>
        <source>continuous</source>
        <translation>连续</translation>
    </message>
    <message>
        <source>&amp;Step:</source>
        <translation>步长(&amp;S)：</translation>
    </message>
    <message>
        <source>&amp;Log scale (sample uniformly in log space)</source>
        <translation>对数刻度（在对数空间中均匀采样）(&amp;L)</translation>
    </message>
    <message>
        <source>Double-click a value to edit it. Numbers and true/false keep their type.</source>
        <translation>双击取值可编辑。数字和 true/false 会保留其类型。</translation>
    </message>
    <message>
        <source>Add a value</source>
        <translation>添加取值</translation>
    </message>
    <message>
        <source>Remove the selected value</source>
        <translation>删除选中的取值</translation>
    </message>
    <message>
        <source>&amp;Value:</source>
        <translation>值(&amp;V)：</translation>
    </message>
    <message>
        <source>Fix the range to see what will be sampled.</source>
        <translation>请修正范围，以查看将会采样哪些值。</translation>
    </message>
    <message>
        <source>%1 takes %2 values: %3</source>
        <translation>%1 取 %2 个值：%3</translation>
    </message>
    <message>
        <source> (sampled in log space)</source>
        <translation>（在对数空间中采样）</translation>
    </message>
    <message>
        <source>%1 is log-uniform; evenly spaced in log space: %2</source>
        <translation>%1 服从对数均匀分布；在对数空间中等距取样：%2</translation>
    </message>
    <message>
        <source>%1 is uniform; evenly spaced: %2</source>
        <translation>%1 服从均匀分布；等距取样：%2</translation>
    </message>
    <message>
        <source>%1 takes one of %2 values, each equally likely: %3</source>
        <translation>%1 从 %2 个值中等概率取一个：%3</translation>
    </message>
    <message>
        <source>%1 is always %2 (passed like any other parameter)</source>
        <translation>%1 始终为 %2（与其他参数一样传入）</translation>
    </message>
    <message>
        <source>uniform</source>
        <translation>均匀</translation>
    </message>
    <message>
        <source>normal</source>
        <translation>正态分布</translation>
    </message>
    <message>
        <source>beta</source>
        <translation>Beta 分布</translation>
    </message>
    <message>
        <source>The distribution values are drawn from: uniform over a range (log-uniform with log scale), normal (log-normal with log scale) or beta on [0, 1]</source>
        <translation>取值所服从的分布：区间上的均匀分布（勾选对数刻度时为对数均匀分布）、正态分布（勾选对数刻度时为对数正态分布），或 [0, 1] 上的 Beta 分布</translation>
    </message>
    <message>
        <source>&amp;Distribution:</source>
        <translation>分布(&amp;D)：</translation>
    </message>
    <message>
        <source>Mean (of the logarithm for log-normal)</source>
        <translation>均值（对数正态分布时为对数的均值）</translation>
    </message>
    <message>
        <source>Standard deviation (of the logarithm for log-normal)</source>
        <translation>标准差（对数正态分布时为对数的标准差）</translation>
    </message>
    <message>
        <source>steps from the minimum</source>
        <translation>从最小值起按步长取值</translation>
    </message>
    <message>
        <source>nearest multiple (W&amp;B q_)</source>
        <translation>最近的倍数（W&amp;B 的 q_）</translation>
    </message>
    <message>
        <source>nearest multiple in range (NNI q)</source>
        <translation>范围内最近的倍数（NNI 的 q）</translation>
    </message>
    <message>
        <source>Steps from the minimum: min, min + step, ... up to max. W&amp;B&apos;s q_ distributions round to the nearest multiple of the step, even beyond the range, and an integer step makes integers. NNI&apos;s q types round the same way, then clip to the range.</source>
        <translation>从最小值起按步长取值：min、min + 步长 …… 直到 max。W&amp;B 的 q_ 分布舍入到步长最近的倍数，可能超出范围；整数步长得到整数。NNI 的 q 类型同样舍入，再截断到范围之内。</translation>
    </message>
    <message>
        <source>equally likely</source>
        <translation>等概率</translation>
    </message>
    <message>
        <source>One probability per value, in order, summing to 1 (W&amp;B&apos;s probabilities)</source>
        <translation>每个取值一个概率，按顺序排列，总和为 1（W&amp;B 的 probabilities）</translation>
    </message>
    <message>
        <source>&amp;Probabilities:</source>
        <translation>概率(&amp;P)：</translation>
    </message>
    <message>
        <source>Only &amp;when:</source>
        <translation>仅当(&amp;W)：</translation>
    </message>
    <message>
        <source>The parameter exists only in trials where this choice takes this value</source>
        <translation>只有当该选项取这个值时，试验中才有此参数</translation>
    </message>
    <message>
        <source>N&amp;est at the dots of the name: the trial gets {&quot;a&quot;: {&quot;b&quot;: ...}} for a.b</source>
        <translation>按名称中的点号嵌套(&amp;E)：a.b 在试验中为 {&quot;a&quot;: {&quot;b&quot;: ...}}</translation>
    </message>
    <message>
        <source>(always)</source>
        <translation>（始终存在）</translation>
    </message>
    <message>
        <source>Mea&amp;n ± std. dev.:</source>
        <translation>均值 ± 标准差(&amp;N)：</translation>
    </message>
    <message>
        <source>Shape a, b:</source>
        <translation>形状参数 a、b：</translation>
    </message>
    <message>
        <source>&amp;Log scale (log-normal: the logarithm is normal)</source>
        <translation>对数刻度(&amp;L)（对数正态：对数服从正态分布）</translation>
    </message>
    <message>
        <source>Fix the distribution to see what will be sampled.</source>
        <translation>请修正分布，以查看将会采样哪些值。</translation>
    </message>
    <message>
        <source>%1 is %2; its 5%, 25%, 50%, 75% and 95% quantiles: %3</source>
        <translation>%1 服从 %2；其 5%、25%、50%、75% 和 95% 分位数：%3</translation>
    </message>
    <message>
        <source>%1 takes one of %2 values, weighted by their probabilities: %3</source>
        <translation>%1 按概率加权，取 %2 个值之一：%3</translation>
    </message>
    <message>
        <source>&lt;br&gt;It exists only in trials where %1 is %2.</source>
        <translation>&lt;br&gt;只有 %1 为 %2 的试验中才有此参数。</translation>
    </message>
</context>
<context>
    <name>tunescope::ParameterTableModel</name>
    <message>
        <source>Parameter</source>
        <translation>参数</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Range / values</source>
        <translation>范围 / 取值</translation>
    </message>
    <message>
        <source>depends on %1 = %2, so its name starts with %3</source>
        <translation>依赖于 %1 = %2，因此名称须以 %3 开头</translation>
    </message>
</context>
<context>
    <name>tunescope::ParetoChart</name>
    <message>
        <source>Objective on the horizontal axis</source>
        <translation>横轴上的目标</translation>
    </message>
    <message>
        <source>Objective on the vertical axis</source>
        <translation>纵轴上的目标</translation>
    </message>
    <message>
        <source>X:</source>
        <translation>X：</translation>
    </message>
    <message>
        <source>Y:</source>
        <translation>Y：</translation>
    </message>
    <message>
        <source>complete</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>front line</source>
        <translation>前沿线</translation>
    </message>
    <message>
        <source>non-dominated in the two shown</source>
        <translation>在所示两个目标上非支配</translation>
    </message>
    <message>
        <source>Pareto front</source>
        <translation>帕累托前沿</translation>
    </message>
    <message numerus="yes">
        <source>Pareto front by all %1 objectives (%n)</source>
        <translation>
            <numerusform>按全部 %1 个目标的帕累托前沿（%n）</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Pareto front (%n)</source>
        <translation>
            <numerusform>帕累托前沿（%n）</numerusform>
        </translation>
    </message>
    <message>
        <source>No complete trials yet</source>
        <translation>尚无完成的试验</translation>
    </message>
    <message numerus="yes">
        <source>%n complete trial(s)</source>
        <translation>
            <numerusform>%n 个完成的试验</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n on the front</source>
        <translation>
            <numerusform>%n 个位于前沿</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n with a NaN/inf objective not shown</source>
        <translation>
            <numerusform>%n 个目标为 NaN/inf 的试验未显示</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n pruned/failed not shown</source>
        <translation>
            <numerusform>%n 个已剪枝/失败的试验未显示</numerusform>
        </translation>
    </message>
    <message>
        <source>No study</source>
        <translation>没有研究</translation>
    </message>
    <message>
        <source>A Pareto front needs two or more objectives; this study optimizes only %1</source>
        <translation>帕累托前沿需要两个或更多目标；该研究只优化 %1</translation>
    </message>
    <message>
        <source>one</source>
        <translation>一个</translation>
    </message>
    <message>
        <source>No complete trial with finite values for both objectives</source>
        <translation>没有在两个目标上都为有限值的完成试验</translation>
    </message>
    <message>
        <source>objective 1</source>
        <translation>目标 1</translation>
    </message>
    <message>
        <source>objective 2</source>
        <translation>目标 2</translation>
    </message>
    <message>
        <source>&lt;b&gt;on the Pareto front&lt;/b&gt;</source>
        <translation>&lt;b&gt;位于帕累托前沿&lt;/b&gt;</translation>
    </message>
    <message>
        <source>non-dominated in the two shown objectives</source>
        <translation>在所示两个目标上非支配</translation>
    </message>
</context>
<context>
    <name>tunescope::ParetoMatrixChart</name>
    <message>
        <source>Pareto matrix</source>
        <translation>帕累托矩阵</translation>
    </message>
    <message>
        <source>The scatter matrix shows studies with three or more objectives; the Pareto front tab shows two.</source>
        <translation>散点矩阵用于具有三个或更多目标的研究；两个目标请看“帕累托前沿”页。</translation>
    </message>
    <message>
        <source>No complete trials with every objective yet.</source>
        <translation>尚无具有全部目标值的完成试验。</translation>
    </message>
    <message>
        <source>Pareto front (%1)</source>
        <translation>帕累托前沿（%1）</translation>
    </message>
    <message>
        <source>dominated (%1)</source>
        <translation>被支配（%1）</translation>
    </message>
</context>
<context>
    <name>tunescope::ProgramSection</name>
    <message>
        <source>Study</source>
        <translation>研究</translation>
    </message>
    <message>
        <source>a name for the study</source>
        <translation>研究的名称</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>名称(&amp;N)：</translation>
    </message>
    <message>
        <source>train.py or a program name</source>
        <translation>train.py 或程序名</translation>
    </message>
    <message>
        <source>Looked up in the study file&apos;s folder, next to tunescope, then on PATH.</source>
        <translation>依次在研究文件所在文件夹、tunescope 所在目录和 PATH 中查找。</translation>
    </message>
    <message>
        <source>&amp;Program:</source>
        <translation>程序(&amp;P)：</translation>
    </message>
    <message>
        <source>Arguments separated by spaces (quote one that contains spaces). Macros: ${env}, ${interpreter}, ${program}, ${args}, ${args_no_hyphens}, ${args_json}, ${NAME}.</source>
        <translation>以空格分隔的参数（含空格的参数请加引号）。宏：${env}、${interpreter}、${program}、${args}、${args_no_hyphens}、${args_json}、${NAME}。</translation>
    </message>
    <message>
        <source>&amp;Command:</source>
        <translation>命令(&amp;C)：</translation>
    </message>
    <message>
        <source>Trial 0 with every parameter at the middle of its range runs exactly this (one argument per item, no shell).</source>
        <translation>所有参数取范围中点时，试验 0 将完全按此运行（每项一个参数，不经过 shell）。</translation>
    </message>
    <message>
        <source>Runs:</source>
        <translation>运行：</translation>
    </message>
    <message>
        <source>(nothing to run)</source>
        <translation>（没有可运行的内容）</translation>
    </message>
</context>
<context>
    <name>tunescope::RecentFilesMenu</name>
    <message>
        <source>Open &amp;Recent</source>
        <translation>最近打开(&amp;R)</translation>
    </message>
    <message>
        <source>No recent studies</source>
        <translation>没有最近的研究</translation>
    </message>
    <message>
        <source>&amp;Clear Menu</source>
        <translation>清除菜单(&amp;C)</translation>
    </message>
</context>
<context>
    <name>tunescope::ReportDocument</name>
    <message>
        <source>page %1</source>
        <translation>第 %1 页</translation>
    </message>
    <message>
        <source>en</source>
        <comment>HTML lang of this translation</comment>
        <translation>zh-CN</translation>
    </message>
    <message>
        <source>cannot write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
    <message>
        <source>cannot write %1</source>
        <translation>无法写入 %1</translation>
    </message>
</context>
<context>
    <name>tunescope::ReportExport</name>
    <message>
        <source>Export Report</source>
        <translation>导出报告</translation>
    </message>
    <message>
        <source>HTML report (*.html);;PDF report (*.pdf)</source>
        <translation>HTML 报告 (*.html);;PDF 报告 (*.pdf)</translation>
    </message>
</context>
<context>
    <name>tunescope::RunOnSection</name>
    <message>
        <source>Run on</source>
        <translation>运行位置</translation>
    </message>
    <message>
        <source>This machine</source>
        <translation>本机</translation>
    </message>
    <message>
        <source>Slurm cluster (one job per trial)</source>
        <translation>Slurm 集群（每个试验一个作业）</translation>
    </message>
    <message>
        <source>Trials r&amp;un on:</source>
        <translation>试验运行于(&amp;U)：</translation>
    </message>
    <message>
        <source>the cluster&apos;s default</source>
        <translation>集群默认值</translation>
    </message>
    <message>
        <source>sbatch --partition</source>
        <translation>sbatch --partition</translation>
    </message>
    <message>
        <source>&amp;Partition:</source>
        <translation>分区(&amp;P)：</translation>
    </message>
    <message>
        <source>the partition&apos;s default (e.g. 4:00:00, 2-00:00:00)</source>
        <translation>分区默认值（例如 4:00:00、2-00:00:00）</translation>
    </message>
    <message>
        <source>sbatch --time: the job&apos;s time limit in Slurm&apos;s syntax (minutes, h:mm:ss, days-hh:mm:ss)</source>
        <translation>sbatch --time：作业的时间上限，按 Slurm 的写法（分钟、h:mm:ss、天-hh:mm:ss）</translation>
    </message>
    <message>
        <source>Time &amp;limit:</source>
        <translation>时间上限(&amp;L)：</translation>
    </message>
    <message>
        <source>none (e.g. gpu:1)</source>
        <translation>无（例如 gpu:1）</translation>
    </message>
    <message>
        <source>sbatch --gres: generic resources per job, e.g. gpu:1 or gpu:a100:2. The trial sees the GPUs Slurm gives it in CUDA_VISIBLE_DEVICES.</source>
        <translation>sbatch --gres：每个作业申请的通用资源，例如 gpu:1 或 gpu:a100:2。试验通过 CUDA_VISIBLE_DEVICES 看到 Slurm 分配给它的 GPU。</translation>
    </message>
    <message>
        <source>&amp;GPUs (gres):</source>
        <translation>GPU（gres）(&amp;G)：</translation>
    </message>
    <message>
        <source>Slurm&apos;s default</source>
        <translation>Slurm 默认值</translation>
    </message>
    <message>
        <source>sbatch --cpus-per-task</source>
        <translation>sbatch --cpus-per-task</translation>
    </message>
    <message>
        <source>&amp;CPUs per trial:</source>
        <translation>每个试验的 CPU 数(&amp;C)：</translation>
    </message>
    <message>
        <source>the partition&apos;s default (e.g. 8G)</source>
        <translation>分区默认值（例如 8G）</translation>
    </message>
    <message>
        <source>sbatch --mem: memory per job</source>
        <translation>sbatch --mem：每个作业的内存</translation>
    </message>
    <message>
        <source>&amp;Memory:</source>
        <translation>内存(&amp;M)：</translation>
    </message>
    <message>
        <source>your default account</source>
        <translation>你的默认账户</translation>
    </message>
    <message>
        <source>sbatch --account</source>
        <translation>sbatch --account</translation>
    </message>
    <message>
        <source>&amp;Account:</source>
        <translation>账户(&amp;A)：</translation>
    </message>
    <message>
        <source>the default</source>
        <translation>默认值</translation>
    </message>
    <message>
        <source>sbatch --qos</source>
        <translation>sbatch --qos</translation>
    </message>
    <message>
        <source>&amp;QoS:</source>
        <translation>QoS(&amp;Q)：</translation>
    </message>
    <message>
        <source>none (e.g. a100&amp;ib)</source>
        <translation>无（例如 a100&amp;ib）</translation>
    </message>
    <message>
        <source>sbatch --constraint: node features</source>
        <translation>sbatch --constraint：节点特性</translation>
    </message>
    <message>
        <source>Co&amp;nstraint:</source>
        <translation>节点约束(&amp;N)：</translation>
    </message>
    <message>
        <source>e.g. --exclusive --nodelist=node1</source>
        <translation>例如 --exclusive --nodelist=node1</translation>
    </message>
    <message>
        <source>More sbatch options, separated by spaces (put one that contains spaces in double quotes). Options that have a field above, and those Tunescope sets itself (output, job name, arrays), are refused.</source>
        <translation>更多 sbatch 选项，以空格分隔（含空格的选项请加双引号）。上方已有对应字段的选项，以及由 Tunescope 自己设置的选项（输出、作业名、作业数组）会被拒绝。</translation>
    </message>
    <message>
        <source>More &amp;options:</source>
        <translation>更多选项(&amp;O)：</translation>
    </message>
    <message>
        <source>The first trial of the study is submitted with exactly this (no shell). ID is the study&apos;s number in its database; trials that start together go out as one job array.</source>
        <translation>研究的第一个试验正是这样提交的（不经过 shell）。ID 是研究在其数据库中的编号；同时开始的试验会作为一个作业数组一起提交。</translation>
    </message>
    <message>
        <source>Submits:</source>
        <translation>提交命令：</translation>
    </message>
    <message>
        <source>The trial folders must be on a filesystem the compute nodes share: Tunescope follows each job&apos;s output there. Jobs keep running when Tunescope closes; running the study again re-attaches to them.</source>
        <translation>试验文件夹必须位于计算节点共享的文件系统上：Tunescope 在那里跟踪每个作业的输出。Tunescope 关闭后作业会继续运行；再次运行该研究会重新接管它们。</translation>
    </message>
</context>
<context>
    <name>tunescope::SearchSpaceSection</name>
    <message>
        <source>Search space</source>
        <translation>搜索空间</translation>
    </message>
    <message>
        <source>Add a parameter</source>
        <translation>添加参数</translation>
    </message>
    <message>
        <source>Remove the selected parameter</source>
        <translation>删除选中的参数</translation>
    </message>
    <message>
        <source>Move up (the order of ${args})</source>
        <translation>上移（${args} 中的顺序）</translation>
    </message>
    <message>
        <source>Move down</source>
        <translation>下移</translation>
    </message>
</context>
<context>
    <name>tunescope::SeriesChart</name>
    <message>
        <source>Reset zoom</source>
        <translation>重置缩放</translation>
    </message>
    <message>
        <source>Fit the axes to the data again (double click, Home)</source>
        <translation>重新使坐标轴适应数据（双击或按 Home）</translation>
    </message>
    <message>
        <source>Log scale</source>
        <translation>对数刻度</translation>
    </message>
    <message>
        <source>selected</source>
        <translation>选中</translation>
    </message>
</context>
<context>
    <name>tunescope::SlicePlot</name>
    <message>
        <source>Slice plot</source>
        <translation>切片图</translation>
    </message>
    <message>
        <source>No parameters to show.</source>
        <translation>没有可显示的参数。</translation>
    </message>
    <message>
        <source>trial</source>
        <translation>试验</translation>
    </message>
    <message>
        <source>No complete trials yet.</source>
        <translation>尚无完成的试验。</translation>
    </message>
    <message>
        <source>Show every parameter, or one of them large</source>
        <translation>显示全部参数，或放大显示其中一个</translation>
    </message>
    <message>
        <source>Parameters:</source>
        <translation>参数：</translation>
    </message>
    <message>
        <source>All parameters</source>
        <translation>全部参数</translation>
    </message>
</context>
<context>
    <name>tunescope::StudyComparison</name>
    <message>
        <source>log-uniform</source>
        <translation>对数均匀</translation>
    </message>
    <message>
        <source>uniform</source>
        <translation>均匀</translation>
    </message>
    <message>
        <source> step %1</source>
        <translation> 步长 %1</translation>
    </message>
    <message>
        <source>log-int</source>
        <translation>对数整数</translation>
    </message>
    <message>
        <source>int</source>
        <translation>整数</translation>
    </message>
    <message>
        <source>%1 trials</source>
        <translation>%1 个试验</translation>
    </message>
    <message>
        <source>grid (%1 points)</source>
        <translation>网格（%1 个点）</translation>
    </message>
    <message>
        <source>unlimited</source>
        <translation>不限</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>The studies optimize different metrics (%1); values are compared as numbers only.</source>
        <translation>这些研究优化的指标不同（%1）；数值仅按数字进行比较。</translation>
    </message>
    <message>
        <source>The studies have different goals; the first study&apos;s goal (%1) is used.</source>
        <translation>这些研究的优化方向不同；使用第一个研究的方向（%1）。</translation>
    </message>
    <message>
        <source>best %1</source>
        <translation>最优 %1</translation>
    </message>
    <message>
        <source>trial</source>
        <translation>试验编号</translation>
    </message>
    <message>
        <source>metric</source>
        <translation>指标</translation>
    </message>
    <message>
        <source>goal</source>
        <translation>优化方向</translation>
    </message>
    <message>
        <source>method</source>
        <translation>方法</translation>
    </message>
    <message>
        <source>budget</source>
        <translation>预算</translation>
    </message>
    <message>
        <source>finished trials</source>
        <translation>已结束的试验</translation>
    </message>
    <message>
        <source>repeats</source>
        <translation>重复次数</translation>
    </message>
    <message>
        <source>parallel</source>
        <translation>并行数</translation>
    </message>
    <message>
        <source>seed</source>
        <translation>随机种子</translation>
    </message>
    <message>
        <source>early stopping</source>
        <translation>早停</translation>
    </message>
    <message>
        <source>space: %1</source>
        <translation>搜索空间：%1</translation>
    </message>
    <message>
        <source>(not searched)</source>
        <translation>（未搜索）</translation>
    </message>
    <message>
        <source>the %1 best configurations of %2 run first</source>
        <translation>先运行 %2 中最好的 %1 组配置</translation>
    </message>
    <message>
        <source>the %1 best trials of %2 as prior observations of another task</source>
        <translation>将 %2 中最好的 %1 个试验作为另一任务的先验观测</translation>
    </message>
    <message>
        <source>the trials of %1 as prior observations of another task</source>
        <translation>将 %1 的试验作为另一任务的先验观测</translation>
    </message>
    <message>
        <source>defaults</source>
        <translation>默认设置</translation>
    </message>
    <message>
        <source>method options</source>
        <translation>方法选项</translation>
    </message>
</context>
<context>
    <name>tunescope::StudyForm</name>
    <message>
        <source>expands to nothing</source>
        <translation>展开为空</translation>
    </message>
    <message>
        <source>&lt;span style=&apos;color:#2e9e4f&apos;&gt;&amp;#10003;&lt;/span&gt; The study is valid: &lt;tt&gt;tunescope run&lt;/tt&gt; accepts what this form saves.</source>
        <translation>&lt;span style=&apos;color:#2e9e4f&apos;&gt;&amp;#10003;&lt;/span&gt; 研究有效：&lt;tt&gt;tunescope run&lt;/tt&gt; 可以运行此表单保存的内容。</translation>
    </message>
    <message>
        <source>… and %1 more</source>
        <translation>…… 以及另外 %1 项</translation>
    </message>
    <message numerus="yes">
        <source>%n problem(s) to fix before the study can run:</source>
        <translation>
            <numerusform>研究运行前需修复 %n 个问题：</numerusform>
        </translation>
    </message>
    <message>
        <source>Grid: %1 = &lt;b&gt;%2 points&lt;/b&gt;</source>
        <translation>网格：%1 = &lt;b&gt;%2 个点&lt;/b&gt;</translation>
    </message>
    <message>
        <source> (the budget runs %1 of them)</source>
        <translation>（预算内运行其中 %1 个）</translation>
    </message>
    <message>
        <source>&lt;span style=&apos;color:%1&apos;&gt;No grid: %2&lt;/span&gt;</source>
        <translation>&lt;span style=&apos;color:%1&apos;&gt;无法构成网格：%2&lt;/span&gt;</translation>
    </message>
    <message numerus="yes">
        <source>%n dimension(s) searched</source>
        <translation>
            <numerusform>搜索 %n 个维度</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>tunescope::StudyListModel</name>
    <message>
        <source>%1
%2 · %3 trials · best %4</source>
        <translation>%1
%2 · %3 个试验 · 最优 %4</translation>
    </message>
    <message>
        <source>%1 (%2)
metric: %3, %4
%5 trials: %6 complete, %7 pruned, %8 failed, %9 running</source>
        <translation>%1（%2）
指标：%3，%4
%5 个试验：%6 完成，%7 已剪枝，%8 失败，%9 运行中</translation>
    </message>
    <message>
        <source>%1
%2 · %3 trials · best %4
%5</source>
        <translation>%1
%2 · %3 个试验 · 最优 %4
%5</translation>
    </message>
</context>
<context>
    <name>tunescope::StudyListPanel</name>
    <message>
        <source>Search name, tag or note</source>
        <translation>搜索名称、标签或备注</translation>
    </message>
    <message>
        <source>By name</source>
        <translation>按名称</translation>
    </message>
    <message>
        <source>Latest activity first</source>
        <translation>最近活动在前</translation>
    </message>
    <message>
        <source>Best value first</source>
        <translation>最优值在前</translation>
    </message>
    <message>
        <source>Most trials first</source>
        <translation>试验最多在前</translation>
    </message>
    <message>
        <source>Study</source>
        <translation>研究</translation>
    </message>
    <message>
        <source>Rename, delete, tag, annotate or clone the selected study</source>
        <translation>重命名、删除、标记、备注或复制所选研究</translation>
    </message>
    <message>
        <source>&amp;Rename…</source>
        <translation>重命名(&amp;R)…</translation>
    </message>
    <message>
        <source>&amp;Tags…</source>
        <translation>标签(&amp;T)…</translation>
    </message>
    <message>
        <source>&amp;Note…</source>
        <translation>备注(&amp;N)…</translation>
    </message>
    <message>
        <source>New Study from &amp;This One</source>
        <translation>以此新建研究(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Delete…</source>
        <translation>删除(&amp;D)…</translation>
    </message>
    <message>
        <source>No note on this study (Study → Note…)</source>
        <translation>此研究没有备注（研究 → 备注…）</translation>
    </message>
    <message>
        <source>No database is open.</source>
        <translation>没有打开的数据库。</translation>
    </message>
    <message>
        <source>Rename Study</source>
        <translation>重命名研究</translation>
    </message>
    <message>
        <source>New name of study &apos;%1&apos;:</source>
        <translation>研究“%1”的新名称：</translation>
    </message>
    <message>
        <source>Cannot Rename</source>
        <translation>无法重命名</translation>
    </message>
    <message>
        <source>Cannot Delete</source>
        <translation>无法删除</translation>
    </message>
    <message>
        <source>Trials of study &apos;%1&apos; are running; stop them first.</source>
        <translation>研究“%1”有试验正在运行；请先停止它们。</translation>
    </message>
    <message>
        <source>Delete Study</source>
        <translation>删除研究</translation>
    </message>
    <message>
        <source>Delete study &apos;%1&apos; and all its trials from the database? This cannot be undone.</source>
        <translation>从数据库中删除研究“%1”及其所有试验？此操作无法撤销。</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Also remove its trial folders (logs and outputs)</source>
        <translation>同时删除其试验文件夹（日志和输出）</translation>
    </message>
    <message>
        <source>Study Tags</source>
        <translation>研究标签</translation>
    </message>
    <message>
        <source>Tags of study &apos;%1&apos;, separated by commas or spaces:</source>
        <translation>研究“%1”的标签，用逗号或空格分隔：</translation>
    </message>
    <message>
        <source>Cannot Save Tags</source>
        <translation>无法保存标签</translation>
    </message>
    <message>
        <source>Note on Study &apos;%1&apos;</source>
        <translation>研究“%1”的备注</translation>
    </message>
    <message>
        <source>Cannot Save the Note</source>
        <translation>无法保存备注</translation>
    </message>
</context>
<context>
    <name>tunescope::StudyReport</name>
    <message>
        <source>%1 %</source>
        <translation>%1%</translation>
    </message>
    <message>
        <source>none found (no nvidia-smi)</source>
        <translation>未找到（没有 nvidia-smi）</translation>
    </message>
    <message>
        <source>unknown (nvidia-smi did not answer)</source>
        <translation>未知（nvidia-smi 无响应）</translation>
    </message>
    <message>
        <source>none found</source>
        <translation>未找到</translation>
    </message>
    <message>
        <source>Host</source>
        <translation>主机</translation>
    </message>
    <message>
        <source>Operating system</source>
        <translation>操作系统</translation>
    </message>
    <message>
        <source> (kernel %1)</source>
        <translation>（内核 %1）</translation>
    </message>
    <message>
        <source>%1, %2 threads</source>
        <translation>%1，%2 线程</translation>
    </message>
    <message>
        <source>Report date</source>
        <translation>报告日期</translation>
    </message>
    <message>
        <source>Study report: %1</source>
        <translation>研究报告：%1</translation>
    </message>
    <message>
        <source>%1 %2 · %3 · %4 trials · made %5 with Tunescope %6</source>
        <translation>%1 %2 · %3 · %4 个试验 · 由 Tunescope %6 生成于 %5</translation>
    </message>
    <message>
        <source>Best trial</source>
        <translation>最优试验</translation>
    </message>
    <message>
        <source> ± %1 (std over %2 repeats)</source>
        <translation> ± %1（%2 次重复的标准差）</translation>
    </message>
    <message>
        <source>Trial</source>
        <translation>试验</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>耗时</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <source>No trial has completed yet.</source>
        <translation>尚无试验完成。</translation>
    </message>
    <message>
        <source>%1 trials: %2 complete, %3 pruned, %4 failed, %5 running, %6 waiting.</source>
        <translation>共 %1 个试验：%2 完成，%3 已剪枝，%4 失败，%5 运行中，%6 等待中。</translation>
    </message>
    <message>
        <source>Study settings</source>
        <translation>研究设置</translation>
    </message>
    <message>
        <source>, best reported value</source>
        <translation>，取上报的最优值</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>描述</translation>
    </message>
    <message>
        <source>Metric</source>
        <translation>指标</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>方法</translation>
    </message>
    <message>
        <source>Budget</source>
        <translation>预算</translation>
    </message>
    <message>
        <source>Parallel trials</source>
        <translation>并行试验数</translation>
    </message>
    <message>
        <source>Repeats per configuration</source>
        <translation>每个配置的重复次数</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>随机种子</translation>
    </message>
    <message>
        <source>Early stopping</source>
        <translation>早停</translation>
    </message>
    <message>
        <source>Trial timeout</source>
        <translation>试验超时</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Program</source>
        <translation>程序</translation>
    </message>
    <message>
        <source>Command</source>
        <translation>命令</translation>
    </message>
    <message>
        <source>Backend</source>
        <translation>后端</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>创建时间</translation>
    </message>
    <message>
        <source>Database</source>
        <translation>数据库</translation>
    </message>
    <message>
        <source>Parameter</source>
        <translation>参数</translation>
    </message>
    <message>
        <source>Range</source>
        <translation>范围</translation>
    </message>
    <message>
        <source>Best</source>
        <translation>最优</translation>
    </message>
    <message>
        <source>Search space</source>
        <translation>搜索空间</translation>
    </message>
    <message>
        <source>Best so far</source>
        <translation>当前最优</translation>
    </message>
    <message>
        <source>Objective per trial and best so far</source>
        <translation>各试验的目标值与当前最优</translation>
    </message>
    <message>
        <source>Each point is a finished trial (coloured by state); the step line is the best complete trial so far.</source>
        <translation>每个点是一个已结束的试验（按状态着色）；阶梯线是截至当时最优的完成试验。</translation>
    </message>
    <message>
        <source>Validation curves</source>
        <translation>验证曲线</translation>
    </message>
    <message>
        <source>%1 per step, every trial</source>
        <translation>所有试验每一步的 %1</translation>
    </message>
    <message>
        <source>Intermediate values as the training program reported them; pruned and failed trials are dimmed, the best trial is highlighted.</source>
        <translation>训练程序上报的中间值；已剪枝和失败的试验淡化显示，最优试验高亮显示。</translation>
    </message>
    <message>
        <source>Parameter heatmaps</source>
        <translation>参数热力图</translation>
    </message>
    <message>
        <source>%1 over %2 and %3</source>
        <translation>%1 随 %2 和 %3 的变化</translation>
    </message>
    <message>
        <source>Mean objective of the complete trials per cell; the points are the trials.</source>
        <translation>每格为完成试验的目标均值；各点为试验。</translation>
    </message>
    <message>
        <source>Parallel coordinates</source>
        <translation>平行坐标</translation>
    </message>
    <message>
        <source>Every complete trial across the parameters</source>
        <translation>所有完成试验在各参数上的取值</translation>
    </message>
    <message>
        <source>One line per complete trial, coloured by its objective (brighter is better); the best trial in black.</source>
        <translation>每个完成试验一条线，按目标值着色（越亮越好）；最优试验为黑色。</translation>
    </message>
    <message>
        <source>Slice plot</source>
        <translation>切片图</translation>
    </message>
    <message>
        <source>Objective against each parameter</source>
        <translation>目标值随各参数的变化</translation>
    </message>
    <message>
        <source>Points coloured by trial number (dark = early): where the sampler concentrated over time.</source>
        <translation>各点按试验编号着色（深色 = 较早）：显示采样器随时间集中在哪些区域。</translation>
    </message>
    <message>
        <source>Parameter importance</source>
        <translation>参数重要性</translation>
    </message>
    <message>
        <source>Not enough complete trials with a varying objective to estimate importance (4 needed).</source>
        <translation>目标值有变化的完成试验不足，无法估计重要性（至少需要 4 个）。</translation>
    </message>
    <message>
        <source>Method: functional ANOVA (fANOVA, Hutter et al. 2014) over a random forest of 64 regression trees fitted to the complete trials (parameters in the search space&apos;s unit cube, log parameters on a log scale). A parameter&apos;s importance is the share of the objective&apos;s variance over the whole search space that it explains on its own (its main effect); the whisker is the standard deviation over the trees. The shares do not add up to 100 %: the rest comes from interactions between parameters.</source>
        <translation>方法：在由 64 棵回归树组成、拟合于完成试验的随机森林上进行函数方差分析（fANOVA，Hutter 等，2014）（参数映射到搜索空间的单位立方体，对数参数取对数刻度）。参数的重要性是它单独（即主效应）解释的目标值在整个搜索空间上方差的占比；须线为各棵树之间的标准差。各占比之和不等于 100 %：其余部分来自参数之间的交互作用。</translation>
    </message>
    <message>
        <source>Importance</source>
        <translation>重要性</translation>
    </message>
    <message>
        <source>± over trees</source>
        <translation>± 树间差异</translation>
    </message>
    <message>
        <source>Interactions and noise: %1 of the variance.</source>
        <translation>交互作用与噪声：占方差的 %1。</translation>
    </message>
    <message>
        <source>All trials</source>
        <translation>全部试验</translation>
    </message>
    <message>
        <source>state</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>± std</source>
        <translation>± 标准差</translation>
    </message>
    <message>
        <source>duration s</source>
        <translation>耗时（秒）</translation>
    </message>
    <message>
        <source>reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>The best trial is highlighted. The same data, one row per trial, comes as CSV or JSON with `tunescope export DB --study NAME --format csv|json`.</source>
        <translation>最优试验已高亮。同样的数据（每个试验一行）可通过 `tunescope export DB --study NAME --format csv|json` 导出为 CSV 或 JSON。</translation>
    </message>
    <message>
        <source>Environment</source>
        <translation>运行环境</translation>
    </message>
    <message>
        <source>Trials ran on</source>
        <translation>试验运行于</translation>
    </message>
    <message>
        <source>Host, CPU and GPU describe the machine that made this report; &quot;Trials ran on&quot; lists the hosts that ran the trials.</source>
        <translation>主机、CPU 和 GPU 描述的是生成本报告的机器；“试验运行于”列出运行试验的主机。</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>origin</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>retry of %1</source>
        <translation>重试 %1</translation>
    </message>
    <message>
        <source>enqueued, out of space</source>
        <translation>手动排队，超出搜索空间</translation>
    </message>
    <message>
        <source>enqueued</source>
        <translation>手动排队</translation>
    </message>
    <message>
        <source>warm start</source>
        <translation>热启动</translation>
    </message>
    <message>
        <source>retried as %1</source>
        <translation>已重试为 %1</translation>
    </message>
    <message>
        <source>Hypervolume</source>
        <translation>超体积</translation>
    </message>
    <message>
        <source>Hypervolume of the Pareto front after each finished trial</source>
        <translation>每个试验结束后帕累托前沿的超体积</translation>
    </message>
    <message>
        <source>The volume of objective space the front dominates up to the reference point: it rises when a trial improves the trade-offs.</source>
        <translation>帕累托前沿在目标空间中支配、直到参考点为止的体积：当某个试验改进了权衡时它会上升。</translation>
    </message>
    <message>
        <source>Distribution of the objective</source>
        <translation>目标值的分布</translation>
    </message>
    <message>
        <source>Empirical distribution of %1</source>
        <translation>%1 的经验分布</translation>
    </message>
    <message>
        <source>For each value, the fraction of complete trials that reached at most that value.</source>
        <translation>对每个取值，给出目标值不超过它的完成试验所占的比例。</translation>
    </message>
    <message>
        <source>Share of variance explained by each parameter alone and by the strongest pairs</source>
        <translation>各参数单独及最强参数对共同解释的方差占比</translation>
    </message>
    <message>
        <source>Timeline</source>
        <translation>时间线</translation>
    </message>
    <message>
        <source>Trials on their slots over time</source>
        <translation>各试验在其运行槽位上的时间分布</translation>
    </message>
    <message>
        <source>One bar per trial on the CPU slot or GPU it ran on, coloured by state: gaps are idle slots.</source>
        <translation>每个试验在其运行的 CPU 槽位或 GPU 上显示为一根条形，按状态着色：空隙即空闲槽位。</translation>
    </message>
    <message>
        <source>Warm start</source>
        <translation>热启动</translation>
    </message>
    <message>
        <source>Two metrics side by side</source>
        <translation>两个指标并排</translation>
    </message>
    <message>
        <source>%1 and %2 per step, every trial</source>
        <translation>每个试验的 %1 和 %2（按步）</translation>
    </message>
    <message>
        <source>The same trials&apos; curves of two metrics, one above the other: a validation curve that turns up while the training curve keeps falling shows overfitting.</source>
        <translation>同一批试验两个指标的曲线，上下排列：验证曲线回升而训练曲线仍在下降，说明出现了过拟合。</translation>
    </message>
    <message>
        <source>The last run stopped starting trials before the budget: %1.</source>
        <translation>上一次运行在用完预算之前停止了启动新试验：%1。</translation>
    </message>
    <message>
        <source>Compute</source>
        <translation>计算资源</translation>
    </message>
    <message>
        <source>Trials</source>
        <translation>试验</translation>
    </message>
    <message>
        <source>Count</source>
        <translation>数量</translation>
    </message>
    <message>
        <source>Complete</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>Pruned</source>
        <translation>已剪枝</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>All</source>
        <translation>全部</translation>
    </message>
    <message>
        <source>Measured while the trials ran: CPU time of each trial&apos;s whole process tree, GPU time of its processes. %1 of %2 finished trials have measured figures.</source>
        <translation>在试验运行时测得：每个试验整个进程树的 CPU 时间及其进程的 GPU 时间。%2 个已结束的试验中有 %1 个有测量数据。</translation>
    </message>
    <message>
        <source>Time budget</source>
        <translation>时间预算</translation>
    </message>
    <message>
        <source>%1 across runs; trials still running then are stopped</source>
        <translation>%1，跨多次运行累计；届时仍在运行的试验会被停止</translation>
    </message>
    <message>
        <source>%1 across runs; running trials finish</source>
        <translation>%1，跨多次运行累计；正在运行的试验会运行到结束</translation>
    </message>
    <message>
        <source>CPU time</source>
        <translation>CPU 时间</translation>
    </message>
    <message>
        <source>GPU time</source>
        <translation>GPU 时间</translation>
    </message>
    <message>
        <source>Run time</source>
        <translation>运行时间</translation>
    </message>
    <message>
        <source>Pruning saved an estimated %1 of CPU time, %2 of GPU time and %3 of run time: each pruned trial&apos;s remaining steps (up to the longest complete trial&apos;s) at its own mean cost per step.</source>
        <translation>剪枝估计节省了 %1 CPU 时间、%2 GPU 时间和 %3 运行时间：按每个被剪枝试验剩余的步数（直到最长的完成试验的步数）乘以它自己每步的平均开销计算。</translation>
    </message>
    <message>
        <source>%1, cost-aware (expected improvement per second of run time)</source>
        <translation>%1，成本感知（按每秒运行时间的期望改进）</translation>
    </message>
    <message>
        <source>Trial artifacts</source>
        <translation>试验产物</translation>
    </message>
    <message>
        <source>value</source>
        <translation>值</translation>
    </message>
    <message>
        <source>files declared</source>
        <translation>声明的文件</translation>
    </message>
    <message>
        <source>Paths are relative to each trial&apos;s folder; the dashboard&apos;s detail pane previews and opens them.</source>
        <translation>路径相对于各试验的文件夹；仪表板的详情面板可预览并打开这些文件。</translation>
    </message>
    <message>
        <source>Best trial %1: %2</source>
        <translation>最优试验 %1：%2</translation>
    </message>
    <message>
        <source>%1, cost-aware (candidates ranked by l(x)/g(x) per second of run time)</source>
        <translation>%1，成本感知（按每秒运行时间的 l(x)/g(x) 对候选排序）</translation>
    </message>
    <message>
        <source>Method options</source>
        <translation>方法选项</translation>
    </message>
    <message>
        <source>Recommended trial</source>
        <translation>推荐试验</translation>
    </message>
    <message>
        <source>The model expects trial %1 to be the best: it has the best posterior mean. On a noisy objective the best observed value is often a lucky draw; the recommended trial is the one to keep.</source>
        <translation>模型预期试验 %1 最好：它的后验均值最优。目标有噪声时，观测到的最佳值往往只是运气好；应保留的是推荐的试验。</translation>
    </message>
</context>
<context>
    <name>tunescope::StudyStatusBar</name>
    <message>
        <source>%1 of %2 trials</source>
        <translation>%1 / %2 个试验</translation>
    </message>
    <message>
        <source>%1 trials</source>
        <translation>%1 个试验</translation>
    </message>
    <message>
        <source>%1 %2 running</source>
        <translation>%1 %2 运行中</translation>
    </message>
    <message>
        <source>%1 %2 pruned</source>
        <translation>%1 %2 已剪枝</translation>
    </message>
    <message>
        <source>%1 %2 failed</source>
        <translation>%1 %2 失败</translation>
    </message>
    <message>
        <source>elapsed %1</source>
        <translation>已用时 %1</translation>
    </message>
    <message>
        <source> · finished</source>
        <translation> · 已结束</translation>
    </message>
    <message>
        <source> · paused</source>
        <translation> · 已暂停</translation>
    </message>
    <message>
        <source> · not running</source>
        <translation> · 未运行</translation>
    </message>
    <message>
        <source> · about %1 left</source>
        <translation> · 约剩 %1</translation>
    </message>
    <message>
        <source>best %1 = &lt;b&gt;%2&lt;/b&gt; (trial %3)</source>
        <translation>最优 %1 = &lt;b&gt;%2&lt;/b&gt;（试验 %3）</translation>
    </message>
    <message>
        <source>best –</source>
        <translation>最优 –</translation>
    </message>
    <message>
        <source> · %1 stale</source>
        <translation> · %1 个失联</translation>
    </message>
    <message>
        <source> · 1 worker</source>
        <translation> · 1 个工作进程</translation>
    </message>
    <message>
        <source> · %1 workers</source>
        <translation> · %1 个工作进程</translation>
    </message>
    <message>
        <source>loading values %p%</source>
        <translation>正在读取数值 %p%</translation>
    </message>
    <message>
        <source> · %1 queued</source>
        <translation> · %1 个排队中</translation>
    </message>
    <message>
        <source> · recommended: trial %1 (%2 = %3)</source>
        <translation> · 推荐：试验 %1（%2 = %3）</translation>
    </message>
    <message>
        <source>The recommended trial is the one the model expects to be best (lowest posterior mean). On a noisy objective the best observed value is often a lucky draw.</source>
        <translation>推荐的试验是模型预期最好的那个（后验均值最低）。目标有噪声时，观测到的最佳值往往只是运气好。</translation>
    </message>
    <message>
        <source> · %1 left of %2</source>
        <translation> · 共 %2，剩余 %1</translation>
    </message>
    <message>
        <source> · no new trials</source>
        <translation> · 不再启动新试验</translation>
    </message>
    <message>
        <source>No new trial starts: %1</source>
        <translation>不再启动新试验：%1</translation>
    </message>
    <message>
        <source>No measured resource use yet.</source>
        <translation>尚无测得的资源用量。</translation>
    </message>
    <message>
        <source>&lt;b&gt;Compute used&lt;/b&gt; (measured)&lt;br&gt;CPU time: %1 (complete %2, pruned %3, failed %4)&lt;br&gt;GPU time: %5 (complete %6, pruned %7, failed %8)</source>
        <translation>&lt;b&gt;已用计算资源&lt;/b&gt;（实测）&lt;br&gt;CPU 时间：%1（完成 %2，已剪枝 %3，失败 %4）&lt;br&gt;GPU 时间：%5（完成 %6，已剪枝 %7，失败 %8）</translation>
    </message>
    <message>
        <source>&lt;br&gt;Saved by pruning (estimated from %1 pruned trials&apos; remaining steps): %2 of CPU time, %3 of GPU time</source>
        <translation>&lt;br&gt;剪枝节省（按 %1 个被剪枝试验的剩余步数估计）：CPU 时间 %2，GPU 时间 %3</translation>
    </message>
</context>
<context>
    <name>tunescope::SystemMetricsChart</name>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>%</source>
        <translation>%</translation>
    </message>
    <message>
        <source>Memory (RSS)</source>
        <translation>内存（RSS）</translation>
    </message>
    <message>
        <source>MiB</source>
        <translation>MiB</translation>
    </message>
    <message>
        <source>GPU utilization</source>
        <translation>GPU 利用率</translation>
    </message>
    <message>
        <source>GPU memory</source>
        <translation>GPU 显存</translation>
    </message>
    <message>
        <source>%1 %2 (peak %3)</source>
        <translation>%1 %2（峰值 %3）</translation>
    </message>
</context>
<context>
    <name>tunescope::TimelineChart</name>
    <message>
        <source>started %1, ran %2 s</source>
        <translation>开始于 %1，运行 %2 秒</translation>
    </message>
    <message>
        <source>Timeline</source>
        <translation>时间线</translation>
    </message>
    <message>
        <source>No trials yet.</source>
        <translation>尚无试验。</translation>
    </message>
    <message>
        <source>No trial has started yet.</source>
        <translation>尚无已开始的试验。</translation>
    </message>
    <message>
        <source>CPU slot %1</source>
        <translation>CPU 槽位 %1</translation>
    </message>
    <message>
        <source>GPU %1 · %2</source>
        <translation>GPU %1 · %2</translation>
    </message>
    <message>
        <source>GPU %1</source>
        <translation>GPU %1</translation>
    </message>
    <message>
        <source>unknown host</source>
        <translation>未知主机</translation>
    </message>
    <message>
        <source>s</source>
        <translation>秒</translation>
    </message>
    <message>
        <source>min</source>
        <translation>分钟</translation>
    </message>
    <message>
        <source>h</source>
        <translation>小时</translation>
    </message>
    <message>
        <source>time since the first trial started (%1)</source>
        <translation>自第一个试验开始的时间（%1）</translation>
    </message>
</context>
<context>
    <name>tunescope::TopTrialsFilter</name>
    <message>
        <source>All complete trials</source>
        <translation>全部完成试验</translation>
    </message>
    <message>
        <source>Top k trials</source>
        <translation>最优 k 个试验</translation>
    </message>
    <message>
        <source>Top % of trials</source>
        <translation>最优百分比的试验</translation>
    </message>
    <message>
        <source>Only the best complete trials by the objective; the axes fit them</source>
        <translation>只显示按目标最优的完成试验；坐标轴随之调整</translation>
    </message>
    <message>
        <source>S&amp;how:</source>
        <translation>显示(&amp;H)：</translation>
    </message>
    <message>
        <source>All trials</source>
        <translation>全部试验</translation>
    </message>
    <message>
        <source>Top k</source>
        <translation>前 k 个</translation>
    </message>
    <message>
        <source>Top %</source>
        <translation>前百分比</translation>
    </message>
</context>
<context>
    <name>tunescope::TrialActions</name>
    <message>
        <source>Run Again with Changes…</source>
        <translation>修改后再次运行…</translation>
    </message>
    <message>
        <source>Queue a new trial with this trial&apos;s parameters, edited</source>
        <translation>以此试验的参数（可修改）排队一个新试验</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>重试</translation>
    </message>
    <message>
        <source>Run the selected failed or pruned trials again with the same parameters</source>
        <translation>用相同参数再次运行所选的失败或已剪枝试验</translation>
    </message>
    <message>
        <source>Retry All Failed</source>
        <translation>重试所有失败试验</translation>
    </message>
    <message>
        <source>Run every failed trial that has no retry yet again</source>
        <translation>再次运行每个尚未重试的失败试验</translation>
    </message>
    <message>
        <source>Tell Result…</source>
        <translation>录入结果…</translation>
    </message>
    <message>
        <source>Record a result measured outside Tunescope for this trial</source>
        <translation>为此试验录入在 Tunescope 之外测得的结果</translation>
    </message>
    <message>
        <source>Mark Failed</source>
        <translation>标记为失败</translation>
    </message>
    <message>
        <source>Record this running trial as failed; its program is stopped</source>
        <translation>将此运行中的试验记录为失败；其程序会被停止</translation>
    </message>
    <message>
        <source>Note…</source>
        <translation>备注…</translation>
    </message>
    <message>
        <source>Write a Markdown note on this trial</source>
        <translation>为此试验写 Markdown 备注</translation>
    </message>
    <message>
        <source>The study cannot be written.</source>
        <translation>无法写入此研究。</translation>
    </message>
    <message>
        <source>No trial %1 to record.</source>
        <translation>没有可录入的试验 %1。</translation>
    </message>
    <message>
        <source>No trial %1 to mark.</source>
        <translation>没有可标记的试验 %1。</translation>
    </message>
    <message>
        <source>No trial %1 to write on.</source>
        <translation>没有可写备注的试验 %1。</translation>
    </message>
    <message>
        <source>Cannot Enqueue</source>
        <translation>无法排队</translation>
    </message>
    <message>
        <source>Cannot Retry</source>
        <translation>无法重试</translation>
    </message>
    <message>
        <source>Tell Result</source>
        <translation>录入结果</translation>
    </message>
    <message>
        <source>Objective (%1) of trial %2, measured outside Tunescope:</source>
        <translation>试验 %2 在 Tunescope 之外测得的目标值（%1）：</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not a number.</source>
        <translation>“%1”不是数字。</translation>
    </message>
    <message>
        <source>Cannot Record</source>
        <translation>无法录入</translation>
    </message>
    <message>
        <source>Record trial %1 as failed? Its program is stopped if it still runs.</source>
        <translation>将试验 %1 记录为失败？如果其程序仍在运行，将被停止。</translation>
    </message>
    <message>
        <source>Cannot Mark Failed</source>
        <translation>无法标记为失败</translation>
    </message>
    <message>
        <source>Note on Trial %1</source>
        <translation>试验 %1 的备注</translation>
    </message>
    <message>
        <source>Cannot Save the Note</source>
        <translation>无法保存备注</translation>
    </message>
</context>
<context>
    <name>tunescope::TrialArtifactsView</name>
    <message>
        <source>Files the trial wrote into its folder: double-click or Enter opens one</source>
        <translation>试验写入其文件夹的文件：双击或按 Enter 打开</translation>
    </message>
    <message>
        <source>%1 · %2 · %3</source>
        <translation>%1 · %2 · %3</translation>
    </message>
    <message>
        <source>Declared by the trial (artifact=%1)</source>
        <translation>由试验声明（artifact=%1）</translation>
    </message>
</context>
<context>
    <name>tunescope::TrialComparisonView</name>
    <message>
        <source>&amp;Values</source>
        <translation>数值(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Export Chart…</source>
        <translation>导出图表(&amp;E)…</translation>
    </message>
    <message>
        <source>&amp;Curves</source>
        <translation>曲线(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Logs</source>
        <translation>日志(&amp;L)</translation>
    </message>
    <message>
        <source>state</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>objective</source>
        <translation>目标</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <source>duration</source>
        <translation>耗时</translation>
    </message>
    <message>
        <source>%1 (last)</source>
        <translation>%1（最后）</translation>
    </message>
    <message>
        <source>%1 (best, %2)</source>
        <translation>%1（最优，%2）</translation>
    </message>
    <message>
        <source>trial</source>
        <translation>试验</translation>
    </message>
    <message>
        <source>trial %1</source>
        <translation>试验 %1</translation>
    </message>
    <message>
        <source>&lt;b&gt;trial %1&lt;/b&gt;</source>
        <translation>&lt;b&gt;试验 %1&lt;/b&gt;</translation>
    </message>
    <message>
        <source>No log found.</source>
        <translation>未找到日志。</translation>
    </message>
</context>
<context>
    <name>tunescope::TrialCurvesChart</name>
    <message>
        <source>&amp;Metric:</source>
        <translation>指标(&amp;M)：</translation>
    </message>
    <message>
        <source>Curves of the compared trials</source>
        <translation>所比较试验的曲线</translation>
    </message>
    <message>
        <source>None of these trials reported a value yet.</source>
        <translation>这些试验尚未上报任何值。</translation>
    </message>
    <message>
        <source>step</source>
        <translation>步数</translation>
    </message>
    <message>
        <source>trial %1</source>
        <translation>试验 %1</translation>
    </message>
</context>
<context>
    <name>tunescope::TrialDetailPane</name>
    <message>
        <source>Property</source>
        <translation>属性</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <source>Log</source>
        <translation>日志</translation>
    </message>
    <message>
        <source>&lt;i&gt;Select a trial in the table to see its parameters, metrics and log.&lt;/i&gt;</source>
        <translation>&lt;i&gt;在表格中选择一个试验，以查看其参数、指标和日志。&lt;/i&gt;</translation>
    </message>
    <message>
        <source>&lt;b&gt;Trial %1&lt;/b&gt; &amp;nbsp;&lt;span style=&apos;color:%2&apos;&gt;&amp;#9679; &lt;b&gt;%3&lt;/b&gt;&lt;/span&gt;</source>
        <translation>&lt;b&gt;试验 %1&lt;/b&gt; &amp;nbsp;&lt;span style=&apos;color:%2&apos;&gt;&amp;#9679; &lt;b&gt;%3&lt;/b&gt;&lt;/span&gt;</translation>
    </message>
    <message>
        <source>%1 = &lt;b&gt;%2&lt;/b&gt;</source>
        <translation>%1 = &lt;b&gt;%2&lt;/b&gt;</translation>
    </message>
    <message>
        <source> &amp;nbsp; %1 = &lt;b&gt;%2&lt;/b&gt;</source>
        <translation> &amp;nbsp; %1 = &lt;b&gt;%2&lt;/b&gt;</translation>
    </message>
    <message>
        <source> (mean of %1 runs)</source>
        <translation>（%1 次运行的均值）</translation>
    </message>
    <message>
        <source> &amp;nbsp;(best so far)</source>
        <translation> &amp;nbsp;（当前最优）</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>参数</translation>
    </message>
    <message>
        <source>Metrics (last · best · reports)</source>
        <translation>指标（最新 · 最优 · 上报次数）</translation>
    </message>
    <message>
        <source>%1 · %2 · %3 (last step %4)</source>
        <translation>%1 · %2 · %3（最后一步 %4）</translation>
    </message>
    <message>
        <source>(none yet)</source>
        <translation>（暂无）</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>运行</translation>
    </message>
    <message>
        <source>state</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>exit code</source>
        <translation>退出码</translation>
    </message>
    <message>
        <source>reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>started</source>
        <translation>开始时间</translation>
    </message>
    <message>
        <source>finished</source>
        <translation>结束时间</translation>
    </message>
    <message>
        <source>duration</source>
        <translation>耗时</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <source>device</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>GPU %1</source>
        <translation>GPU %1</translation>
    </message>
    <message>
        <source>worker</source>
        <translation>工作进程</translation>
    </message>
    <message>
        <source>folder</source>
        <translation>文件夹</translation>
    </message>
    <message>
        <source>Log (last %1 KiB)</source>
        <translation>日志（最后 %1 KiB）</translation>
    </message>
    <message>
        <source>No output yet.</source>
        <translation>尚无输出。</translation>
    </message>
    <message>
        <source>Attributes</source>
        <translation>属性</translation>
    </message>
    <message>
        <source>queued</source>
        <translation>排队原因</translation>
    </message>
    <message>
        <source>Slurm job</source>
        <translation>Slurm 作业</translation>
    </message>
    <message>
        <source>being submitted</source>
        <translation>正在提交</translation>
    </message>
    <message>
        <source>origin</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>enqueued by hand, waiting for a runner</source>
        <translation>手动排队，等待运行</translation>
    </message>
    <message>
        <source>enqueued by hand</source>
        <translation>手动排队</translation>
    </message>
    <message>
        <source>a retry, waiting for a runner</source>
        <translation>重试，等待运行</translation>
    </message>
    <message>
        <source>a retry</source>
        <translation>重试</translation>
    </message>
    <message>
        <source>a warm start&apos;s best-first configuration</source>
        <translation>热启动中优先运行的最优配置</translation>
    </message>
    <message>
        <source>retry of</source>
        <translation>重试自</translation>
    </message>
    <message>
        <source>trial %1</source>
        <translation>试验 %1</translation>
    </message>
    <message>
        <source>retried as</source>
        <translation>已重试为</translation>
    </message>
    <message>
        <source>search space</source>
        <translation>搜索空间</translation>
    </message>
    <message>
        <source>outside it (enqueued so by hand; samplers ignore it)</source>
        <translation>超出范围（手动如此排队；采样器不使用它）</translation>
    </message>
    <message numerus="yes">
        <source>&amp;Artifacts (%n file(s) in the trial&apos;s folder)</source>
        <translation>
            <numerusform>产物(&amp;A)（试验文件夹中的 %n 个文件）</numerusform>
        </translation>
    </message>
    <message>
        <source>Resources (measured)</source>
        <translation>资源（实测）</translation>
    </message>
    <message>
        <source>not measured</source>
        <translation>未测量</translation>
    </message>
    <message>
        <source>CPU time</source>
        <translation>CPU 时间</translation>
    </message>
    <message>
        <source>peak memory (RSS)</source>
        <translation>峰值内存（RSS）</translation>
    </message>
    <message>
        <source>%1 MiB</source>
        <translation>%1 MiB</translation>
    </message>
    <message>
        <source>GPU time</source>
        <translation>GPU 时间</translation>
    </message>
    <message>
        <source>none (ran on the CPU)</source>
        <translation>无（在 CPU 上运行）</translation>
    </message>
    <message>
        <source>peak GPU memory</source>
        <translation>峰值 GPU 显存</translation>
    </message>
    <message>
        <source>mean GPU utilization</source>
        <translation>平均 GPU 利用率</translation>
    </message>
    <message>
        <source>%1 %</source>
        <translation>%1%</translation>
    </message>
    <message>
        <source>waiting</source>
        <translation>等待</translation>
    </message>
    <message>
        <source>running</source>
        <translation>运行</translation>
    </message>
    <message>
        <source>Trials run before this version, imported ones and Slurm jobs have no measured figures.</source>
        <translation>此版本之前运行的试验、导入的试验和 Slurm 作业没有测量数据。</translation>
    </message>
</context>
<context>
    <name>tunescope::TrialTableModel</name>
    <message>
        <source>On the Pareto front: no other trial is at least as good in every objective and better in one</source>
        <translation>位于帕累托前沿：没有其他试验在每个目标上都不差且至少在一个目标上更好</translation>
    </message>
    <message>
        <source>Best trial so far</source>
        <translation>当前最优试验</translation>
    </message>
    <message numerus="yes">
        <source>Mean over %n repeat(s) ± standard deviation</source>
        <translation>
            <numerusform>%n 次重复的均值 ± 标准差</numerusform>
        </translation>
    </message>
    <message>
        <source>Objective: %1 (%2)</source>
        <translation>目标：%1（%2）</translation>
    </message>
    <message>
        <source>#</source>
        <translation>#</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Objective</source>
        <translation>目标</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>耗时</translation>
    </message>
    <message>
        <source>GPU</source>
        <translation>GPU</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <source>Waiting in Slurm&apos;s queue: %1</source>
        <translation>在 Slurm 队列中等待：%1</translation>
    </message>
    <message>
        <source>Slurm job %1</source>
        <translation>Slurm 作业 %1</translation>
    </message>
    <message>
        <source>Being submitted to Slurm</source>
        <translation>正在提交到 Slurm</translation>
    </message>
    <message>
        <source>Slurm job</source>
        <translation>Slurm 作业</translation>
    </message>
    <message numerus="yes">
        <source>%1 = %2 at step %3 (the last of %n report(s))</source>
        <translation>
            <numerusform>%1 = %2，第 %3 步（共 %n 次上报中的最后一次）</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 (attribute)</source>
        <translation>%1（属性）</translation>
    </message>
</context>
<context>
    <name>tunescope::TrialsPage</name>
    <message>
        <source>All states</source>
        <translation>所有状态</translation>
    </message>
    <message>
        <source>Filter by any value…</source>
        <translation>按任意值筛选…</translation>
    </message>
    <message>
        <source>Show:</source>
        <translation>显示：</translation>
    </message>
    <message>
        <source>Co&amp;mpare Selected</source>
        <translation>比较所选(&amp;M)</translation>
    </message>
    <message>
        <source>Select %1 to %2 trials (Ctrl or Shift and click) to compare them side by side (Ctrl+Shift+M)</source>
        <translation>选择 %1 到 %2 个试验（按住 Ctrl 或 Shift 点击），并排比较它们（Ctrl+Shift+M）</translation>
    </message>
    <message>
        <source>Co&amp;mpare %1 Trials</source>
        <translation>比较 %1 个试验(&amp;M)</translation>
    </message>
    <message>
        <source>Trials %1</source>
        <translation>试验 %1</translation>
    </message>
    <message>
        <source>Co&amp;lumns</source>
        <translation>列(&amp;L)</translation>
    </message>
    <message>
        <source>Choose the columns of the table (remembered for this study)</source>
        <translation>选择表格显示的列（为此研究记住）</translation>
    </message>
    <message>
        <source>Show All Columns</source>
        <translation>显示所有列</translation>
    </message>
</context>
<context>
    <name>tunescope::ViewsMenu</name>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Next View</source>
        <translation>下一个视图(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Previous View</source>
        <translation>上一个视图(&amp;P)</translation>
    </message>
</context>
<context>
    <name>tunescope::WarmStartSection</name>
    <message>
        <source>Warm start</source>
        <translation>热启动</translation>
    </message>
    <message>
        <source>off</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>best first</source>
        <translation>最优配置优先</translation>
    </message>
    <message>
        <source>prior observations</source>
        <translation>先验观测</translation>
    </message>
    <message>
        <source>&amp;Mode:</source>
        <translation>模式(&amp;M)：</translation>
    </message>
    <message>
        <source>../last-week/tunescope.db#study-name</source>
        <translation>../last-week/tunescope.db#研究名称</translation>
    </message>
    <message>
        <source>One study a line: its database (relative to the study file, or a postgresql:// URL), &apos;#&apos;, its name.</source>
        <translation>每行一个研究：其数据库（相对于研究文件的路径，或 postgresql:// URL）、“#”、研究名称。</translation>
    </message>
    <message>
        <source>&amp;From:</source>
        <translation>来源(&amp;F)：</translation>
    </message>
    <message>
        <source>default</source>
        <translation>默认</translation>
    </message>
    <message>
        <source>How many of each source&apos;s best trials are used: 5 by default for best first, all for prior observations.</source>
        <translation>使用每个来源中最好的多少个试验：“最优配置优先”默认 5 个，“先验观测”默认全部。</translation>
    </message>
    <message>
        <source>&amp;Best trials used:</source>
        <translation>使用的最优试验数(&amp;B)：</translation>
    </message>
    <message>
        <source>The study starts from nothing.</source>
        <translation>研究从零开始。</translation>
    </message>
    <message>
        <source>Choose a mode to start from the study this one was made from.</source>
        <translation>选择一种模式，即可从本研究的来源研究热启动。</translation>
    </message>
    <message>
        <source>The sources&apos; best configurations that fit this search space run first, then the method goes on as usual.</source>
        <translation>先运行来源中落在本搜索空间内的最优配置，然后方法照常继续。</translation>
    </message>
    <message>
        <source>The sources&apos; trials teach tpe or bayes where the good region is, as another task whose values may be shifted or scaled; they are not trials of this study and do not count towards its budget.</source>
        <translation>来源的试验作为另一任务（其数值可能有平移或缩放）告诉 tpe 或 bayes 哪里是好的区域；它们不是本研究的试验，也不计入其预算。</translation>
    </message>
</context>
<context>
    <name>tunescope::ZoomChartView</name>
    <message>
        <source>Drag: zoom to a rectangle · Wheel: zoom · Shift+drag or middle button: pan
Right click: zoom out · Double click or Home: reset · Ctrl+click or Ctrl+drag: pick trials</source>
        <translation>拖动：框选缩放 · 滚轮：缩放 · Shift+拖动或中键：平移
右键：缩小 · 双击或按 Home：重置 · Ctrl+点击或 Ctrl+拖动：选取试验</translation>
    </message>
</context>
</TS>
