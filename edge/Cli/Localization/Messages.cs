using System.Globalization;

namespace EdgeSecurity.Cli.Localization;

/// <summary>
/// Every human message of the CLI, English and Chinese side by side, so a translation is never missing or stale.
/// Machine output (--json) and the agent's own config errors stay as they are: scripts and editors parse them.
/// </summary>
public sealed class Messages(Language language)
{
    public CultureInfo Culture { get; } = CultureInfo.GetCultureInfo(LanguageNames.CultureOf(language));

    // Help texts.
    public string RootDescription => T("EdgeSecurity installer tool: check the config, the agent, RS-485 devices, GPIO lines and cameras on a gateway.",
        "EdgeSecurity 安装调试工具：在网关上检查配置、代理程序、RS-485 设备、GPIO 线路和摄像头。");
    public string JsonOption => T("Print one JSON document on stdout, for scripts.", "在标准输出打印一个 JSON 文档，供脚本使用。");
    public string LangOption => T("Language of the messages: zh-CN or en (default: from LANG/LC_ALL).", "消息语言：zh-CN 或 en（默认取自 LANG/LC_ALL）。");
    public string HelpOption => T("Show help and usage information.", "显示帮助和用法信息。");
    public string VersionOption => T("Show the version.", "显示版本。");
    public string ConfigCommand => T("Work with the agent's YAML config.", "处理代理程序的 YAML 配置。");
    public string ConfigValidateCommand => T("Check the config file and list every error as file:line:column.", "检查配置文件，按 文件:行:列 列出所有错误。");
    public string ConfigPathOption => T("Path of the agent's config file.", "代理程序配置文件的路径。");
    public string StatusCommand => T("Ask the running agent for the gateway, broker connection and doors.", "向运行中的代理程序查询网关、消息服务器连接和门的状态。");
    public string SocketOption => T("Path of the agent's control socket (default: the one named in the config).", "代理程序控制套接字的路径（默认：配置文件中指定的）。");
    public string SerialCommand => T("RS-485 (Modbus RTU) bus tools.", "RS-485（Modbus RTU）总线工具。");
    public string SerialScanCommand => T("Find the Modbus slave ids answering on a bus and match them to device profiles.", "查找总线上应答的 Modbus 从站地址，并匹配设备配置文件。");
    public string PortArgument => T("Serial device, e.g. /dev/ttyUSB0.", "串口设备，例如 /dev/ttyUSB0。");
    public string BaudOption => T("Baud rate of the bus.", "总线波特率。");
    public string IdsOption => T("Slave ids to probe: a range like 1-32, or a list like 1,3,5-8.", "要探测的从站地址：范围如 1-32，或列表如 1,3,5-8。");
    public string ProfileOption => T("Device profile(s) to try (default: every installed profile).", "要尝试的设备配置文件（默认：所有已安装的配置文件）。");
    public string TimeoutOption => T("How long to wait for each id's answer, e.g. 200ms.", "每个地址等待应答的时间，例如 200ms。");
    public string GpioCommand => T("GPIO line tools.", "GPIO 线路工具。");
    public string GpioWatchCommand => T("Show a GPIO input line's state live, until Ctrl+C.", "实时显示 GPIO 输入线路的状态，按 Ctrl+C 结束。");
    public string LineArgument => T("Line offset (e.g. 17) or line name (e.g. DOOR_1).", "线路偏移（如 17）或线路名称（如 DOOR_1）。");
    public string ChipOption => T("GPIO chip: name, /dev path, number or label.", "GPIO 芯片：名称、/dev 路径、编号或标签。");
    public string BiasOption => T("Internal bias resistor: as-is, disabled, pull-up or pull-down.", "内部偏置电阻：as-is、disabled、pull-up 或 pull-down。");
    public string ActiveLowOption => T("Treat a low level as active (true).", "低电平视为有效（true）。");
    public string DebounceOption => T("Report a change only once it has held this long, e.g. 20ms.", "电平保持该时长后才报告变化，例如 20ms。");
    public string CameraCommand => T("Camera tools.", "摄像头工具。");
    public string CameraProbeCommand => T("Show what a camera sends (codec, resolution, frame rate, key-frame interval) and save a snapshot.",
        "显示摄像头的视频流信息（编码、分辨率、帧率、关键帧间隔）并保存一张快照。");
    public string CameraUrlArgument => T("Camera stream, e.g. rtsp://user:password@192.168.1.64:554/Streaming/Channels/101, or a video file.",
        "摄像头视频流，例如 rtsp://user:password@192.168.1.64:554/Streaming/Channels/101，或视频文件。");
    public string SnapshotOption => T("Write one frame as a JPEG to this file.", "将一帧图像以 JPEG 格式写入此文件。");
    public string CameraTimeoutOption => T("How long to wait for the camera, e.g. 15s.", "等待摄像头的时长，例如 15s。");
    public string SimulatedOption => T("Use the simulated GPIO backend (a dry run without hardware).", "使用模拟 GPIO 后端（无硬件的演练）。");

    // Command line problems.
    public string BadCommandLine => T("bad command line:", "命令行有误：");
    public string SeeHelp(string command) => T($"Run '{command} --help' for the usage.", $"运行 '{command} --help' 查看用法。");
    public string InvalidBaudRate(int baud, IEnumerable<int> supported) =>
        T($"{baud} is not a supported baud rate; expected one of {string.Join(", ", supported)}", $"不支持波特率 {baud}；应为以下之一：{string.Join(", ", supported)}");
    public string InvalidIds(string text) =>
        T($"'{text}' is not a list of slave ids; expected ids 1-247 as a range or list, e.g. 1-32 or 1,3,5-8",
          $"'{text}' 不是有效的从站地址列表；应为 1-247 之间的范围或列表，例如 1-32 或 1,3,5-8");
    public string InvalidDuration(string text) =>
        T($"'{text}' is not a duration; expected e.g. 20ms, 0.5s or 200 (milliseconds)", $"'{text}' 不是有效的时长；应如 20ms、0.5s 或 200（毫秒）");
    public string InvalidBias(string text) =>
        T($"'{text}' is not a bias; expected as-is, disabled, pull-up or pull-down", $"'{text}' 不是有效的偏置；应为 as-is、disabled、pull-up 或 pull-down");
    public string Unexpected(string detail) => T($"unexpected error: {detail}", $"意外错误：{detail}");
    public string Cancelled => T("stopped.", "已停止。");

    // config validate.
    public string ConfigValid(string path, string gateway, int doors) =>
        T($"{path}: valid (gateway {gateway}, {doors} door(s))", $"{path}：配置有效（网关 {gateway}，{doors} 个门）");
    public string ConfigInvalid(string path, int count) =>
        T($"{path}: {count} error(s); fix them and run this again:", $"{path}：发现 {count} 个错误；修正后请重新运行：");

    // status.
    public string AgentNotRunning(string socket, string reason) =>
        T($"the agent is not running or its control socket is elsewhere: {socket} ({reason}). Start it with 'systemctl start edgesecurity-agent', or give --socket PATH or --config PATH.",
          $"代理程序未运行，或其控制套接字不在此处：{socket}（{reason}）。请用 'systemctl start edgesecurity-agent' 启动，或指定 --socket PATH 或 --config PATH。");
    public string SocketMissing => T("no socket file there", "该处没有套接字文件");
    public string SocketRefused => T("nothing listens on it: a socket file left by a stopped agent", "无程序监听：是已停止的代理程序留下的套接字文件");
    public string SocketDenied => T("permission denied: run as root or as a member of the agent's group", "权限不足：请以 root 或代理程序用户组成员身份运行");
    public string AgentRefused(string answer) => T($"the agent refused the status request: {answer}", $"代理程序拒绝了状态请求：{answer}");
    public string Gateway => T("Gateway", "网关");
    public string Broker => T("Broker", "消息服务器");
    public string Connected => T("connected", "已连接");
    public string Disconnected => T("disconnected", "未连接");
    public string Outbox => T("Outbox", "待发队列");
    public string OutboxWaiting(long events, long states, long telemetry) =>
        T($"{events} events, {states} states, {telemetry} telemetry waiting", $"待发事件 {events} 条、状态 {states} 条、遥测 {telemetry} 条");
    public string Door => T("Door", "门");
    public string State => T("State", "状态");
    public string Armed => T("Armed", "布防");
    public string DoorOpen => T("open", "打开");
    public string DoorClosed => T("closed", "关闭");
    public string Yes => T("yes", "是");
    public string No => T("no", "否");
    public string NoDoors => T("no doors configured", "未配置门");
    public string UnparsedStatus(string answer) => T($"agent answered: {answer}", $"代理程序应答：{answer}");

    // serial scan.
    public string ProfileInvalid(string path) => T($"the device profile {path} has errors:", $"设备配置文件 {path} 有错误：");
    public string NoProfilesFound(string where) =>
        T($"no device profiles (*.yaml) found in {where}; give one with --profile FILE", $"在 {where} 中找不到设备配置文件（*.yaml）；请用 --profile FILE 指定");
    public string PortUnreachable(string port, string reason) => T($"cannot open {port}: {reason}", $"无法打开 {port}：{reason}");
    public string Probing(string port, int baud) => T($"Probing {port} at {baud} baud", $"正在以 {baud} 波特率探测 {port}");
    public string ProbingId(int id) => T($"slave id {id}", $"从站地址 {id}");
    public string SlaveId => T("Slave id", "从站地址");
    public string Answer => T("Answer", "应答");
    public string MatchingProfiles => T("Matching profiles", "匹配的配置文件");
    public string Answered => T("answered", "有应答");
    public string AnsweredGarbled => T("garbled frames", "帧错误");
    public string NoMatch => T("none", "无");
    public string FoundDevices(int count, string port) => T($"{count} device(s) answered on {port}.", $"{port} 上有 {count} 个设备应答。");
    public string NoDeviceAnswered(string port, int baud) =>
        T($"no Modbus device answered on {port} at {baud} baud. Check the baud rate and parity, the ids, the power, and swap A and B at the adapter.",
          $"{port} 上没有 Modbus 设备以 {baud} 波特率应答。请检查波特率和校验位、地址、供电，并尝试在转换器端对调 A、B 线。");

    // gpio watch.
    public string GpioUnavailable(string reason) => T($"cannot open the GPIO line: {reason}", $"无法打开 GPIO 线路：{reason}");
    public string GpioInitial(string line, bool value) => T($"{line}: {Level(value)} (initial)", $"{line}：{Level(value)}（初始）");
    public string GpioEdge(DateTimeOffset at, string line, bool value) =>
        T($"{at:HH:mm:ss.fff} {line}: {Level(value)}", $"{at:HH:mm:ss.fff} {line}：{Level(value)}");
    public string GpioWatching => T("Watching; press Ctrl+C to stop.", "正在监视；按 Ctrl+C 结束。");
    public string GpioSimulatedNote => T("Simulated line: nothing drives it, so only the initial value is shown.", "模拟线路：没有外部驱动，只显示初始值。");
    public string GpioDroppedEdges(long count) => T($"{count} edge(s) were dropped (too many unread).", $"丢弃了 {count} 个边沿（未读过多）。");

    // camera probe.
    public string EmptyCameraUrl => T("the camera URL is empty; expected e.g. rtsp://192.168.1.64:554/stream1 or a video file",
        "摄像头地址为空；应如 rtsp://192.168.1.64:554/stream1 或视频文件");
    public string SnapshotFolderMissing(string folder) => T($"the folder for the snapshot does not exist: {folder}", $"快照所在的目录不存在：{folder}");
    public string SnapshotNotWritten(string path, string reason) => T($"cannot write the snapshot to {path}: {reason}", $"无法将快照写入 {path}：{reason}");
    public string SnapshotFailed(string reason) => T($"cannot make the snapshot: {reason}", $"无法生成快照：{reason}");
    public string CameraUnreachable(string url, string reason) =>
        T($"cannot reach the camera at {url}: {reason}. Check the address, port, path, user name and password, and that the camera is powered and on this network.",
          $"无法连接摄像头 {url}：{reason}。请检查地址、端口、路径、用户名和密码，以及摄像头是否通电并在同一网络中。");
    public string NotAVideo(string url, string reason) =>
        T($"{url} is not a video stream: {reason}. Check the stream path in the camera's manual.",
          $"{url} 不是视频流：{reason}。请按摄像头说明书检查视频流路径。");
    public string Camera => T("Camera", "摄像头");
    public string Codec => T("Codec", "编码");
    public string Resolution => T("Resolution", "分辨率");
    public string FrameRate => T("Frame rate", "帧率");
    public string KeyframeInterval => T("Key frames", "关键帧间隔");
    public string Snapshot => T("Snapshot", "快照");
    public string Unknown => T("unknown", "未知");
    public string FramesPerSecond(double fps) => T(string.Create(CultureInfo.InvariantCulture, $"{fps:0.##} fps"), string.Create(CultureInfo.InvariantCulture, $"{fps:0.##} 帧/秒"));
    public string KeyframeEvery(double seconds, int frames) =>
        T(string.Create(CultureInfo.InvariantCulture, $"every {seconds:0.##} s ({frames} frames)"), string.Create(CultureInfo.InvariantCulture, $"每 {seconds:0.##} 秒（{frames} 帧）"));
    public string KeyframeNotSeen(int seconds) =>
        T($"fewer than two in the first {seconds} s (longer than {seconds} s)", $"前 {seconds} 秒内不足两个（大于 {seconds} 秒）");
    public string SnapshotWritten(string path, int width, int height, int bytes) =>
        T(string.Create(CultureInfo.InvariantCulture, $"{path} ({width}×{height}, {bytes / 1024.0:0} KB)"), string.Create(CultureInfo.InvariantCulture, $"{path}（{width}×{height}，{bytes / 1024.0:0} KB）"));

    // test walk, test alarm.
    public string TestCommand => T("Commissioning tests carried out by the running agent.", "由运行中的代理程序执行的调试测试。");
    public string TestWalkCommand => T("Walk test: trigger every device once; a live checklist marks each as it fires. Events are marked as tests, so nobody is paged.",
        "巡检测试：逐个触发每个设备；实时清单标记已触发的设备。事件标记为测试，不会通知任何人。");
    public string TestAlarmCommand => T("Send a test alarm through the broker to the hub and wait until the hub has stored it; prints the round-trip time.",
        "经消息服务器向中心发送一条测试报警，等待中心确认已保存；显示往返时间。");
    public string WalkTimeoutOption => T("How long the walk test may take, e.g. 30m.", "巡检测试的最长时间，例如 30m。");
    public string AlarmTimeoutOption => T("How long to wait for the hub's confirmation, e.g. 30s.", "等待中心确认的时长，例如 30s。");
    public string InvalidWalkTimeout(string text) => T($"'{text}' is not a walk-test duration; expected 1s to 8h, e.g. 30m", $"'{text}' 不是有效的巡检时长；应为 1s 到 8h，例如 30m");
    public string InvalidAlarmTimeout(string text) => T($"'{text}' is not a wait; expected 1s to 10m, e.g. 30s", $"'{text}' 不是有效的等待时长；应为 1s 到 10m，例如 30s");
    public string AgentRefusedCommand(string command, string answer) => T($"the agent refused '{command}': {answer}. Is the agent older than this CLI?",
        $"代理程序拒绝了 '{command}'：{answer}。代理程序版本是否比本工具旧？");
    public string WalkNoDevices => T("the agent's config has no devices to walk-test; add doors, detectors or cameras first", "代理程序配置中没有可巡检的设备；请先添加门、烟感或摄像头");
    public string WalkStarted(int devices, DateTimeOffset? until) =>
        T($"Walk test started: trigger each of the {devices} device(s) once (open and close each door, test each detector, walk through each camera's zone) until {until?.ToLocalTime():HH:mm:ss}. Their events are marked as tests; Ctrl+C ends it.",
          $"巡检测试已开始：请在 {until?.ToLocalTime():HH:mm:ss} 前逐个触发 {devices} 个设备（每扇门开关一次、每个烟感测试一次、走过每个摄像头的区域）。其事件均标记为测试；按 Ctrl+C 结束。");
    public string WalkDeviceFired(DateTimeOffset at, string device, string what) =>
        T($"{at.ToLocalTime():HH:mm:ss} {device}: {what} ✔", $"{at.ToLocalTime():HH:mm:ss} {device}：{what} ✔");
    public string WalkPassed(int devices) => T($"Walk test passed: all {devices} device(s) fired.", $"巡检测试通过：全部 {devices} 个设备均已触发。");
    public string WalkExpired => T("the walk test timed out", "巡检测试已超时");
    public string WalkStopped => T("the walk test was stopped", "巡检测试已停止");
    public string WalkIncomplete(string reason, int missing, int devices) =>
        T($"{reason}: {missing} of {devices} device(s) did not fire. Check their wiring and config, then run 'edgesec test walk' again (devices that fired stay recorded):",
          $"{reason}：{devices} 个设备中有 {missing} 个未触发。请检查其接线和配置后重新运行 'edgesec test walk'（已触发的设备会保留记录）：");
    public string WalkWaiting => T("waiting", "等待触发");
    public string WalkProgress(int fired, int devices) => T($"{fired} of {devices} fired", $"已触发 {fired} / {devices}");
    public string Device => T("Device", "设备");
    public string Kind => T("Kind", "类型");
    public string Fired => T("Fired", "触发");
    public string FiredAt => T("Time", "时间");
    public string DeviceKind(string kind) => kind switch
    {
        "door" => T("door", "门"),
        "smoke" => T("smoke detector", "烟感"),
        "sensor" => T("RS-485 sensor", "RS-485 传感器"),
        "camera" => T("camera", "摄像头"),
        _ => kind,
    };
    public string Firing(string? what) => what switch
    {
        null => "",
        "open" => T("opened", "打开"),
        "closed" => T("closed", "关闭"),
        "alarm" => T("alarm", "报警"),
        _ => Contract.EventTypes.Find(what) is { } type ? T(type.NameEn, type.NameZh) : what,
    };
    public string TestAlarmSending(double seconds) =>
        T(string.Create(CultureInfo.InvariantCulture, $"Sending a test alarm and waiting up to {seconds:0.#} s for the hub to store it…"),
          string.Create(CultureInfo.InvariantCulture, $"正在发送测试报警，最多等待 {seconds:0.#} 秒中心确认保存…"));
    public string TestAlarmConfirmed(double milliseconds, string eventId) =>
        T(string.Create(CultureInfo.InvariantCulture, $"Test alarm stored by the hub: round trip {milliseconds:0.0} ms (event {eventId})."),
          string.Create(CultureInfo.InvariantCulture, $"中心已保存测试报警：往返 {milliseconds:0.0} 毫秒（事件 {eventId}）。"));
    public string TestAlarmNotConfirmed(double seconds, string eventId) =>
        T(string.Create(CultureInfo.InvariantCulture, $"no confirmation from the hub within {seconds:0.#} s for test alarm {eventId}; it stays in the gateway's outbox and is sent again. Check:"),
          string.Create(CultureInfo.InvariantCulture, $"{seconds:0.#} 秒内未收到中心对测试报警 {eventId} 的确认；该报警保留在网关的待发队列中并会重发。请检查："));
    public string TestAlarmAdviceBroker => T("is the broker connected? 'edgesec status' shows it; check broker.host, port, user name and password in the config",
        "消息服务器是否已连接？用 'edgesec status' 查看；检查配置中的 broker.host、端口、用户名和密码");
    public string TestAlarmAdviceHub => T("is the hub running and connected to the same broker, and does it know this gateway's community?",
        "中心是否在运行并连接到同一消息服务器，且已登记本网关所属的小区？");

    // zone draw, zone preview.
    public string ZoneCommand => T("Camera zones.", "摄像头区域。");
    public string ZoneDrawCommand => T("Save a snapshot of a configured camera with a labelled coordinate grid in its detect size, to pick a zone's points.",
        "保存已配置摄像头的一张快照，并按其检测分辨率叠加带坐标的网格，便于选取区域的各点坐标。");
    public string ZonePreviewCommand => T("Save a snapshot of a configured camera with its zones drawn (outline and name).", "保存已配置摄像头的一张快照，并画出其区域（轮廓和名称）。");
    public string ZoneCameraArgument => T("The camera's id in the agent's config.", "摄像头在代理程序配置中的 id。");
    public string ZoneOutOption => T("Where to write the JPEG (default: grid-CAMERA.jpg or zones-CAMERA.jpg here).", "JPEG 的保存位置（默认：当前目录下的 grid-CAMERA.jpg 或 zones-CAMERA.jpg）。");
    public string UnknownCamera(string camera, string config, IReadOnlyList<string> known) => known.Count == 0
        ? T($"{config} has no cameras, so there is no camera '{camera}'; add one under 'cameras:' first", $"{config} 中没有摄像头，因此找不到 '{camera}'；请先在 'cameras:' 下添加")
        : T($"{config} has no camera '{camera}'; known cameras: {string.Join(", ", known)}", $"{config} 中没有摄像头 '{camera}'；已配置的摄像头：{string.Join("、", known)}");
    public string ZoneGridWritten(string camera, string path, int width, int height, int step) =>
        T($"{path}: {camera} at {width}×{height} with a grid every {step} px. Zone points are x,y in these pixels (or divide by the size for 'units: relative').",
          $"{path}：{camera}，{width}×{height}，网格间距 {step} 像素。区域各点按此像素坐标 x,y 填写（或除以尺寸后用 'units: relative'）。");
    public string ZonePreviewWritten(string camera, string path, int width, int height, int zones) =>
        T($"{path}: {camera} at {width}×{height} with {zones} zone(s) drawn.", $"{path}：{camera}，{width}×{height}，已画出 {zones} 个区域。");

    // report.
    public string ReportCommand => T("Write the commissioning report: a printable HTML page with every device, its place, wiring and test results, and camera snapshots with zones.",
        "生成调试验收报告：可打印的 HTML 页面，列出每个设备及其位置、接线、测试结果，以及带区域的摄像头快照。");
    public string ReportOutOption => T("Where to write the HTML report.", "HTML 报告的保存位置。");
    public string ReportFolderMissing(string folder) => T($"the folder for the report does not exist: {folder}", $"报告所在的目录不存在：{folder}");
    public string ReportNotWritten(string path, string reason) => T($"cannot write the report to {path}: {reason}", $"无法将报告写入 {path}：{reason}");
    public string ReportTakingSnapshot(string camera) => T($"Taking a snapshot of {camera}…", $"正在获取 {camera} 的快照…");
    public string ReportResultsUnreadable(string path, string reason) =>
        T($"the test results {path} cannot be read ({reason}); every device is shown as not tested", $"无法读取测试结果 {path}（{reason}）；所有设备均显示为未测试");
    public string ReportWritten(string path, int devices, int untested, bool alarmConfirmed) =>
        T($"{path}: {devices} device(s), {untested} not tested, test alarm {(alarmConfirmed ? "confirmed" : "not confirmed")}.",
          $"{path}：{devices} 个设备，{untested} 个未测试，测试报警{(alarmConfirmed ? "已确认" : "未确认")}。");
    public string ReportTitle => T("Commissioning report", "安防设备调试验收报告");
    public string ReportGenerated(string at) => T($"Date: {at}", $"日期：{at}");
    public string ReportGatewaySection => T("Gateway", "网关");
    public string ReportCommunity => T("Community · grid", "小区 · 网格");
    public string ReportDeviceCount => T("Devices", "设备数量");
    public string ReportTestAlarmSection => T("End-to-end test alarm", "端到端测试报警");
    public string ReportTestAlarmPassed(string at, double milliseconds, string eventId) =>
        T(string.Create(CultureInfo.InvariantCulture, $"Passed {at}: stored by the hub, round trip {milliseconds:0.0} ms (event {eventId})."),
          string.Create(CultureInfo.InvariantCulture, $"{at} 通过：中心已保存，往返 {milliseconds:0.0} 毫秒（事件 {eventId}）。"));
    public string ReportTestAlarmFailed(string at, double seconds, string eventId) =>
        T(string.Create(CultureInfo.InvariantCulture, $"Failed {at}: no confirmation from the hub within {seconds:0.#} s (event {eventId})."),
          string.Create(CultureInfo.InvariantCulture, $"{at} 未通过：{seconds:0.#} 秒内未收到中心确认（事件 {eventId}）。"));
    public string ReportWalkTestSection => T("Walk test", "巡检测试");
    public string ReportWalkSummary(string started, string ended, string outcome) =>
        T($"Last walk test: {started} to {ended}, {WalkOutcome(outcome)}.", $"最近一次巡检：{started} 至 {ended}，{WalkOutcome(outcome)}。");
    public string ReportWalkCount(int tested, int devices) => T($"{tested} of {devices} device(s) fired in a walk test.", $"{devices} 个设备中有 {tested} 个在巡检中触发。");
    public string ReportName => T("Name", "名称");
    public string ReportPlaceColumn => T("Place", "位置");
    public string ReportWiring => T("Wiring / profile", "接线 / 配置");
    public string ReportResult => T("Walk test", "巡检结果");
    public string ReportNotTested => T("not tested", "未测试");
    public string ReportCamerasSection => T("Cameras and zones", "摄像头及区域");
    public string ReportSnapshotMissing(string reason) => T($"no snapshot: {reason}", $"无快照：{reason}");
    public string ReportSignaturesSection => T("Acceptance", "验收签字");
    public string ReportInstaller => T("Installer (signature, date)", "安装人员（签字、日期）");
    public string ReportPropertyCompany => T("Property company (signature, stamp, date)", "物业公司（签字、盖章、日期）");
    public string ReportSimulated => T("simulated (control socket)", "模拟（控制套接字）");
    public string ReportDoorWiring(string chip, string line, string contact, string? release, string? tamper) =>
        T($"GPIO {chip}:{line}, {contact} contact{(release is null ? "" : $", release {release}")}{(tamper is null ? "" : $", tamper {tamper}")}",
          $"GPIO {chip}:{line}，{contact} 触点{(release is null ? "" : $"，开门信号 {release}")}{(tamper is null ? "" : $"，防拆 {tamper}")}");
    public string ReportRelayWiring(string alarm, string? fault) =>
        T($"relay: alarm {alarm}{(fault is null ? "" : $", fault {fault}")}", $"继电器：报警 {alarm}{(fault is null ? "" : $"，故障 {fault}")}");
    public string ReportModbusWiring(string port, int baud, int slave, string profile) =>
        T($"RS-485 {port} {baud} baud, slave {slave}, profile {profile}", $"RS-485 {port} {baud} 波特，从站 {slave}，配置 {profile}");
    public string ReportPlace(string? building, string? unit, string? floor, string? room)
    {
        var parts = new List<string>();
        if (building is not null)
            parts.Add(T($"building {building}", $"{building}号楼"));
        if (unit is not null)
            parts.Add(T($"unit {unit}", $"{unit}单元"));
        if (floor is not null)
            parts.Add(T($"floor {floor}", $"{floor}层"));
        if (room is not null)
            parts.Add(T($"room {room}", $"{room}室"));
        return string.Join(T(", ", ""), parts);
    }
    private string WalkOutcome(string outcome) => outcome switch
    {
        "passed" => T("every device fired", "全部设备已触发"),
        "expired" => T("timed out", "已超时"),
        "stopped" => T("stopped", "已停止"),
        _ => T("running", "进行中"),
    };

    private string Level(bool value) => value ? T("active (1)", "有效 (1)") : T("inactive (0)", "无效 (0)");

    private string T(string english, string chinese) => language == Language.SimplifiedChinese ? chinese : english;
}
