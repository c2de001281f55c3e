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

    // enroll.
    public string EnrolCommand => T("Enrol this gateway with a one-time code from the hub: writes its identity and broker account into the config.",
        "使用中心发放的一次性注册码注册本网关：将网关身份和消息服务器账号写入配置文件。");
    public string EnrolHubOption => T("The hub's web address, e.g. https://hub.example.com or http://192.168.1.10:5080.", "中心的网址，例如 https://hub.example.com 或 http://192.168.1.10:5080。");
    public string EnrolCodeOption => T("The enrolment code an admin issued for this gateway, e.g. ABCD-EFGH-JKMN-PQRS.", "管理员为本网关发放的注册码，例如 ABCD-EFGH-JKMN-PQRS。");
    public string EnrolBadHubUrl(string url) =>
        T($"'{url}' is not a hub address; expected an http or https address such as https://hub.example.com or http://192.168.1.10:5080",
          $"'{url}' 不是有效的中心地址；应为 http 或 https 地址，例如 https://hub.example.com 或 http://192.168.1.10:5080");
    public string EnrolConfigNotWritable(string path, string reason) =>
        T($"cannot write the config {path}: {reason}. Run as root (sudo) or as the agent's user, or give --config PATH. The code was not used.",
          $"无法写入配置文件 {path}：{reason}。请以 root（sudo）或代理程序用户身份运行，或用 --config PATH 指定路径。注册码未被使用。");
    public string EnrolConfigNotYaml(string path, string reason) =>
        T($"{path} is not valid YAML ({reason}); fix it (edgesec config validate) and run this again. The code was not used.",
          $"{path} 不是有效的 YAML（{reason}）；请修正（edgesec config validate）后重新运行。注册码未被使用。");
    public string EnrolHubUnreachable(string url, string reason) =>
        T($"cannot reach the hub at {url}: {reason}. Check the address and port, this gateway's network, and that the hub is running; then run this again. The code was not used.",
          $"无法连接中心 {url}：{reason}。请检查地址和端口、本网关的网络以及中心是否在运行，然后重新运行。注册码未被使用。");
    public string EnrolNotAHub(string url, string reason) =>
        T($"{url} does not answer as an EdgeSecurity hub ({reason}). Check the address: it is the one the hub's dashboard opens at. The code was not used.",
          $"{url} 不是 EdgeSecurity 中心（{reason}）。请检查地址：应为中心管理页面的网址。注册码未被使用。");
    public string EnrolMalformedCode => T("this is not an enrolment code: it has 16 letters and digits, e.g. ABCD-EFGH-JKMN-PQRS. Check what you typed.",
        "这不是有效的注册码：注册码由 16 个字母和数字组成，例如 ABCD-EFGH-JKMN-PQRS。请检查输入。");
    public string EnrolUnknownCode => T("the hub does not know this code. Check it for typos, or ask the hub's admin for a new one.",
        "中心没有此注册码。请检查是否输错，或请中心管理员重新发放。");
    public string EnrolCodeUsed => T("this code was already used. Ask the hub's admin for a new code for this gateway.", "此注册码已被使用。请中心管理员为本网关重新发放注册码。");
    public string EnrolCodeExpired => T("this code has expired. Ask the hub's admin for a new code for this gateway.", "此注册码已过期。请中心管理员为本网关重新发放注册码。");
    public string EnrolCodeRevoked => T("this code was revoked by an admin. Ask the hub's admin for a new code.", "此注册码已被管理员撤销。请中心管理员重新发放注册码。");
    public string EnrolTooManyAttempts => T("too many attempts from this address: wait a minute, then run this again.", "此地址尝试次数过多：请等待一分钟后重新运行。");
    public string EnrolBrokerUnavailable => T("the hub could not set up this gateway's broker account; the code is still valid. Try again in a few minutes, or ask the hub's admin to check the hub's log.",
        "中心未能开通本网关的消息服务器账号；注册码仍然有效。请几分钟后重试，或请中心管理员检查中心日志。");
    public string EnrolWriteFailedAfterRedeem(string path, string reason) =>
        T($"the hub enrolled this gateway, but the config {path} could not be written: {reason}. The code is used up: fix the problem, then ask the hub's admin for a new code.",
          $"中心已注册本网关，但无法写入配置文件 {path}：{reason}。注册码已被使用：请解决问题后请中心管理员重新发放注册码。");
    public string EnrolNewConfigHeader => T("# EdgeSecurity edge agent config, started by 'edgesec enroll'. Every key: agent.sample.yaml.\n",
        "# EdgeSecurity 边缘代理程序配置，由 'edgesec enroll' 创建。所有配置项见 agent.sample.yaml。\n");
    public string Enrolled(string gateway, string placeName, string community, string placePath, string broker, string username, string path) =>
        T($"Enrolled: gateway {gateway} of {placeName} ({community}; {placePath}), broker {broker} as {username}. Written to {path} (mode 600). Restart the agent: systemctl restart edgesecurity-agent",
          $"注册成功：网关 {gateway}，属于 {placeName}（{community}；{placePath}），消息服务器 {broker}，账号 {username}。已写入 {path}（权限 600）。请重启代理程序：systemctl restart edgesecurity-agent");
    public string EnrolledConfigProblems(string path, int count) =>
        T($"{path} has {count} other problem(s) the agent will refuse: run 'edgesec config validate --config {path}'.",
          $"{path} 还有 {count} 个其他错误，代理程序将无法启动：请运行 'edgesec config validate --config {path}'。");

    private string Level(bool value) => value ? T("active (1)", "有效 (1)") : T("inactive (0)", "无效 (0)");

    private string T(string english, string chinese) => language == Language.SimplifiedChinese ? chinese : english;
}
