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
    public string RootDescription => T("EdgeSecurity installer tool: enrol a gateway, declare its devices and camera zones, check RS-485 devices, GPIO lines and cameras, walk-test, test the alarm path and write the commissioning report.",
        "EdgeSecurity 安装调试工具：注册网关，声明设备和摄像头区域，检查 RS-485 设备、GPIO 线路和摄像头，巡检测试，测试报警链路并生成验收报告。");
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
    public string Mode => T("Mode", "运行模式");
    public string ModeName(string mode) => mode switch
    {
        "normal" => T("normal", "正常"),
        "heightened" => T("heightened", "加强戒备"),
        "emergency" => T("emergency", "紧急"),
        _ => mode,
    };
    public string OutboxOldest(long seconds) => T($"; oldest waiting {Age(seconds)}", $"；最早一条已等待 {Age(seconds)}");
    private static string Age(long seconds) => seconds switch
    {
        < 60 => string.Create(CultureInfo.InvariantCulture, $"{seconds} s"),
        < 3600 => string.Create(CultureInfo.InvariantCulture, $"{seconds / 60} min {seconds % 60} s"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{seconds / 3600} h {seconds % 3600 / 60} min"),
    };
    public string Online => T("Online", "在线");
    public string LastSeen => T("Last seen", "最后通信");
    public string Notes => T("Notes", "备注");
    public string ArmedNote => T("armed", "布防");
    public string Disarmed => T("disarmed", "撤防");
    public string DeviceFault => T("fault", "故障");
    public string LowBattery => T("low battery", "电量低");
    public string InputFps => T("Input fps", "输入帧率");
    public string DetectFps => T("Detect fps", "检测帧率");
    public string SkippedPercent => T("Skipped %", "跳帧 %");
    /// <summary>A device's published state (edge/Agent/README.md); one this CLI does not know is shown as sent.</summary>
    public string DeviceStateName(string state) => state switch
    {
        "open" => DoorOpen,
        "closed" => DoorClosed,
        "out-of-service" => T("out of service", "停用"),
        "normal" => T("normal", "正常"),
        "alarm" => T("alarm", "报警"),
        "fault" => T("fault", "故障"),
        "low_battery" => T("low battery", "电量低"),
        "offline" => T("offline", "离线"),
        "online" => T("online", "在线"),
        "starting" => T("starting", "启动中"),
        _ => state,
    };

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

    // device and zone: help.
    public string DeviceCommand => T("Declare doors, smoke detectors, sensors and cameras in the agent's config (comments kept).", "在代理程序配置中声明门、烟感、传感器和摄像头（保留注释）。");
    public string DeviceAddCommand => T("Add a device to the config.", "向配置添加设备。");
    public string DeviceAddDoorCommand => T("Add a door contact: on a GPIO line (--line) or simulated (--simulated).", "添加门磁：接在 GPIO 线路上（--line）或模拟（--simulated）。");
    public string DeviceAddSmokeCommand => T("Add a smoke detector: relays on GPIO (--alarm-line), simulated (--simulated), or Modbus on an RS-485 bus (--bus --slave --profile).",
        "添加烟感：GPIO 继电器（--alarm-line）、模拟（--simulated），或 RS-485 总线上的 Modbus 设备（--bus --slave --profile）。");
    public string DeviceAddSensorCommand => T("Add a Modbus sensor on an RS-485 bus (--bus --slave --profile; --port to create the bus).", "添加 RS-485 总线上的 Modbus 传感器（--bus --slave --profile；新总线需 --port）。");
    public string DeviceAddCameraCommand => T("Add a camera (--url).", "添加摄像头（--url）。");
    public string DeviceListCommand => T("List the devices of the config: kind, id, place, wiring, profile.", "列出配置中的设备：类型、编号、位置、接线、配置文件。");
    public string DeviceEditCommand => T("Change settings of a device; keys not named stay as they are.", "修改设备设置；未指定的键保持不变。");
    public string DeviceRemoveCommand => T("Remove a device from the config.", "从配置中删除设备。");
    public string DeviceIdArgument => T("Device id: 1-64 characters of A-Z, a-z, 0-9, '-' or '_'.", "设备编号：1-64 个字符，可用 A-Z、a-z、0-9、'-' 或 '_'。");
    public string DeviceNameOption => T("Name shown to operators (up to 100 characters).", "显示给值班人员的名称（最多 100 个字符）。");
    public string PlacePartOption(string english, string chinese) => T($"Place: the {english}.", $"位置：{chinese}。");
    public string GridOption => T("Place: the grid (网格), when it is not the gateway's.", "位置：所属网格（与网关不同时）。");
    public string SimulatedDeviceOption => T("Simulated: driven through the agent's control socket, no wiring.", "模拟设备：通过代理程序控制套接字驱动，无需接线。");
    public string DeviceChipOption => T("GPIO chip (default gpiochip0).", "GPIO 芯片（默认 gpiochip0）。");
    public string DoorLineOption => T("GPIO line of the door contact: offset or line name.", "门磁所接的 GPIO 线路：偏移或线路名称。");
    public string TamperLineOption => T("GPIO line of the contact's tamper loop.", "门磁防拆回路的 GPIO 线路。");
    public string ReleaseLineOption => T("GPIO line of the access controller's release output.", "门禁控制器开门输出的 GPIO 线路。");
    public string AlarmLineOption => T("GPIO line of the detector's alarm relay.", "烟感报警继电器的 GPIO 线路。");
    public string FaultLineOption => T("GPIO line of the detector's fault relay.", "烟感故障继电器的 GPIO 线路。");
    public string DeviceActiveLowOption => T("A low level is active (default true).", "低电平有效（默认 true）。");
    public string ContactOption => T("Contact type: nc (default) or no.", "触点类型：nc（默认）或 no。");
    public string DeviceDebounceOption => T("Debounce in milliseconds.", "去抖时间（毫秒）。");
    public string ArmedOption => T("Armed always (true) or never (false); replaces --armed-during.", "始终布防（true）或不布防（false）；替代 --armed-during。");
    public string ArmedDuringOption => T("Armed only in these hours, e.g. \"23:00-06:00\" or \"mon-fri 22:00-06:00\" (repeatable); replaces --armed.",
        "仅在这些时段布防，如 \"23:00-06:00\" 或 \"mon-fri 22:00-06:00\"（可重复）；替代 --armed。");
    public string HeldOpenOption => T("Seconds open before 'door held open' (5-86400).", "门开启多少秒后报“门长时间未关”（5-86400）。");
    public string ReleaseWindowOption => T("Seconds after a release signal in which an opening is legitimate (1-600).", "开门信号后多少秒内开门视为正常（1-600）。");
    public string StuckLineOption => T("Hours without change before 'stuck line' tamper (1-8760).", "多少小时无变化报“线路卡死”防拆（1-8760）。");
    public string ChatterEdgesOption => T("Changes within --chatter-seconds that make a chattering line (0 = off, 2-1000).", "在 --chatter-seconds 内超过多少次变化视为抖动（0 = 关闭，2-1000）。");
    public string ChatterSecondsOption => T("Window of the chatter watch in seconds (1-3600).", "抖动监测窗口（秒，1-3600）。");
    public string CareHoursOption => T("Elderly care (独居老人关爱): hours without door activity that raise an alert (1-336).", "独居老人关爱：门无活动多少小时后告警（1-336）。");
    public string QuietHoursOption => T("Elderly care: hours not counted, e.g. 22:00-07:00 (repeatable).", "独居老人关爱：不计入的时段，如 22:00-07:00（可重复）。");
    public string BusOption => T("RS-485 bus id the device is on (created with --port if new).", "设备所在 RS-485 总线编号（新总线需同时给出 --port）。");
    public string BusPortOption => T("Serial device of a new bus, e.g. /dev/rs485-1.", "新总线的串口设备，例如 /dev/rs485-1。");
    public string BusBaudOption => T("Baud rate of a new bus (default 9600).", "新总线的波特率（默认 9600）。");
    public string BusParityOption => T("Parity of a new bus: none (default), even or odd.", "新总线的校验位：none（默认）、even 或 odd。");
    public string SlaveOption => T("Modbus slave id (1-247), unique on the bus.", "Modbus 从站地址（1-247），同一总线内唯一。");
    public string DeviceProfileOption => T("Device profile of the model (YAML), e.g. /etc/edgesecurity/profiles/photoelectric-smoke-detector.yaml.",
        "设备型号的配置文件（YAML），例如 /etc/edgesecurity/profiles/photoelectric-smoke-detector.yaml。");
    public string CameraSourceOption => T("Camera stream: rtsp:// URL or a video file.", "摄像头视频流：rtsp:// 地址或视频文件。");
    public string DetectWidthOption => T("Detect width in pixels (64-3840, default 640).", "检测宽度（像素，64-3840，默认 640）。");
    public string DetectHeightOption => T("Detect height in pixels (64-2160, default 360).", "检测高度（像素，64-2160，默认 360）。");
    public string CameraFpsOption => T("Frames decoded per second (0.1-60; default the stream's).", "每秒解码帧数（0.1-60；默认取视频流自身帧率）。");
    public string DetectFpsOption => T("Detector runs per second at most (0.1-30, default 5).", "每秒最多检测次数（0.1-30，默认 5）。");
    public string CameraModelOption => T("Model manifest (.yaml); leave out for motion only.", "模型清单文件（.yaml）；不填则仅做运动检测。");
    public string ModelDirectoryOption => T("Directory of the model's files (default the manifest's).", "模型文件所在目录（默认与清单相同）。");
    public string LoopOption => T("Files only: start again at the end.", "仅限文件：播放结束后从头开始。");
    public string RealTimeOption => T("Files only: read at the file's speed (default true).", "仅限文件：按文件原速读取（默认 true）。");
    public string CameraTelemetryOption => T("Seconds between camera telemetry (1-3600).", "摄像头遥测间隔（秒，1-3600）。");
    public string UnsetOption => T("Remove this key from the device, e.g. --unset heldOpenSeconds (repeatable).", "从设备中删除该键，如 --unset heldOpenSeconds（可重复）。");
    public string ZoneCommand => T("A camera's zones.", "摄像头的区域。");
    public string ZoneAddCommand => T("Add a zone to a camera, optionally with rules watching it.", "为摄像头添加区域，可同时添加监视它的规则。");
    public string ZoneRemoveCommand => T("Remove a zone from a camera.", "删除摄像头的区域。");
    public string ZoneListCommand => T("List the cameras' zones and the rules watching them.", "列出摄像头的区域及监视它们的规则。");
    public string ZoneCameraArgument => T("Camera id.", "摄像头编号。");
    public string ZoneListCameraArgument => T("Camera id (default: every camera).", "摄像头编号（默认：所有摄像头）。");
    public string ZoneNameArgument => T("Zone name, unique per camera.", "区域名称，同一摄像头内唯一。");
    public string PolygonOption => T("The points, \"x1,y1 x2,y2 x3,y3 ...\", in pixels of the detect size (or 0-1 with --relative).", "各点坐标 \"x1,y1 x2,y2 x3,y3 ...\"，以检测尺寸的像素为单位（--relative 时为 0-1）。");
    public string ZoneKindOption => T("area (a polygon, 3+ points; default) or line (2 points).", "area（多边形，至少 3 点；默认）或 line（2 点）。");
    public string RelativeOption => T("Points are fractions 0-1 of width and height.", "坐标为宽高的比例（0-1）。");
    public string ZoneRuleOption => T("Also add a rule of this type on the zone, named ZONE-TYPE (repeatable).", "同时在该区域上添加此类型的规则，名为 区域-类型（可重复）。");
    public string WithRulesOption => T("Remove the rules watching the zone too.", "同时删除监视该区域的规则。");

    // device and zone: editing the config.
    public string ConfigNotFound(string path) => T($"{path}: file not found; give the agent's config with --config PATH", $"{path}：文件不存在；请用 --config PATH 指定代理程序配置");
    public string ConfigNotReadable(string path, string reason) => T($"cannot read {path}: {reason}; run with sudo or as the agent's user", $"无法读取 {path}：{reason}；请用 sudo 或以代理程序用户身份运行");
    public string ConfigNotUtf8(string path) => T($"{path} is not UTF-8 text; save it as UTF-8 and run this again", $"{path} 不是 UTF-8 文本；请另存为 UTF-8 后重新运行");
    public string ConfigSyntaxError(string path) => T($"{path} has a YAML syntax error, so it cannot be edited; nothing was changed:", $"{path} 有 YAML 语法错误，无法编辑；未做任何修改：");
    public string FixSyntaxFirst(string path) => T($"Fix it in an editor, check with 'edgesec config validate --config {path}', then run this again.",
        $"请用编辑器修正，用 'edgesec config validate --config {path}' 检查后重新运行。");
    public string EditWouldBreakConfig(string path) => T($"refused: the config would be invalid after this change, so {path} was left as it was (lines are those of the changed file):",
        $"已拒绝：修改后配置将无效，{path} 保持原样（行号为修改后文件的行号）：");
    public string ConfigReadOnly(string path) => T($"{path} is read-only (no write permission in its mode); nothing was changed. Allow writing with 'chmod u+w {path}' if it should be edited.",
        $"{path} 为只读（权限位不允许写入）；未做任何修改。如需编辑，请执行 'chmod u+w {path}'。");
    public string ConfigNotWritten(string path, string reason) => T($"cannot write {path}: {reason}; nothing was changed. Run with sudo or as the file's owner.",
        $"无法写入 {path}：{reason}；未做任何修改。请用 sudo 或以文件所有者身份运行。");

    // device.
    public string InvalidDeviceId(string id) => T($"'{id}' is not a valid device id; expected 1-64 characters of A-Z, a-z, 0-9, '-' or '_'",
        $"'{id}' 不是有效的设备编号；应为 1-64 个字符，可用 A-Z、a-z、0-9、'-' 或 '_'");
    public string DuplicateDeviceId(string id, string kind, int line) => T($"the id '{id}' is already used by a {KindName(kind)} at line {line}; device ids are unique across doors, detectors, sensors, buses and cameras",
        $"编号 '{id}' 已被第 {line} 行的{KindName(kind)}使用；门、烟感、传感器、总线和摄像头的编号不能重复");
    public string DoorWiringMissing => T("say how the door is wired: --line LINE [--chip CHIP] for a GPIO contact, or --simulated", "请说明门磁接线：GPIO 门磁用 --line LINE [--chip CHIP]，或用 --simulated");
    public string SmokeWiringMissing => T("say how the detector is wired: --alarm-line LINE [--fault-line LINE] for relays, --bus BUS --slave N --profile FILE for Modbus, or --simulated",
        "请说明烟感接线：继电器用 --alarm-line LINE [--fault-line LINE]，Modbus 用 --bus BUS --slave N --profile FILE，或用 --simulated");
    public string SensorBusMissing => T("a sensor is on an RS-485 bus: give --bus BUS --slave N --profile FILE (and --port DEVICE for a new bus)", "传感器接在 RS-485 总线上：请给出 --bus BUS --slave N --profile FILE（新总线还需 --port DEVICE）");
    public string ModbusSlaveProfileMissing => T("a Modbus device needs --slave N (1-247) and --profile FILE", "Modbus 设备需要 --slave N（1-247）和 --profile FILE");
    public string CameraUrlMissing => T("a camera needs --url: an rtsp:// URL or a video file", "摄像头需要 --url：rtsp:// 地址或视频文件");
    public string NotABus(string id, string kind) => T($"'{id}' is a {KindName(kind)}, not an RS-485 bus", $"'{id}' 是{KindName(kind)}，不是 RS-485 总线");
    public string BusHasOtherPort(string bus, string port) => T($"the bus '{bus}' is on {port}; leave out --port to add the device to it, or name a new bus", $"总线 '{bus}' 使用 {port}；要加入该总线请去掉 --port，否则请使用新的总线编号");
    public string NewBusNeedsPort(string bus) => T($"there is no bus '{bus}' yet; give its serial device with --port (e.g. /dev/rs485-1) to create it", $"尚无总线 '{bus}'；请用 --port 指定其串口设备（如 /dev/rs485-1）以创建");
    public string DeviceNotFound(string id, string path) => T($"no device '{id}' in {path}; see 'edgesec device list'", $"{path} 中没有设备 '{id}'；请查看 'edgesec device list'");
    public string BusNotEditable(string id) => T($"'{id}' is an RS-485 bus: edit its devices, or the bus's keys in an editor", $"'{id}' 是 RS-485 总线：请编辑其设备，或用编辑器修改总线设置");
    public string OptionsNotApplying(string options, string id, string kind) => T($"{options} do(es) not apply to '{id}', a {KindName(kind)}", $"{options} 不适用于{KindName(kind)} '{id}'");
    public string NothingToChange(string id) => T($"nothing to change for '{id}': give at least one setting", $"'{id}' 没有要修改的内容：请至少给出一项设置");
    public string SimulatedAndLine => T("--simulated and a GPIO line contradict each other; give one of them", "--simulated 与 GPIO 线路互相矛盾；请只给出其一");
    public string ArmedAndArmedDuring => T("--armed and --armed-during contradict each other; give one of them", "--armed 与 --armed-during 互相矛盾；请只给出其一");
    public string CannotUnsetId => T("the id cannot be removed; remove the device instead", "编号不能删除；请删除整个设备");
    public string UnsetMissingKey(string key, string id) => T($"'{id}' has no key '{key}' to remove", $"'{id}' 没有可删除的键 '{key}'");
    public string DeviceAdded(string kind, string id, string path) => T($"{KindName(kind)} {id} added to {path}", $"已将{KindName(kind)} {id} 添加到 {path}");
    public string DeviceEdited(string id, string path) => T($"{id} changed in {path}", $"已修改 {path} 中的 {id}");
    public string DeviceUnchanged(string id, string path) => T($"{id} in {path} already has these settings; nothing written", $"{path} 中的 {id} 已是这些设置；未写入");
    public string StillMentioned(string id, string lines) => T($"note: {id} is still named at line(s) {lines} (maintenance or testDevices); remove it there if it should go too",
        $"注意：第 {lines} 行（maintenance 或 testDevices）仍引用 {id}；如需一并删除请手动修改");
    public string DeviceRemoved(string id, string path) => T($"{id} removed from {path}", $"已从 {path} 删除 {id}");
    public string DeviceRemovedWithBus(string id, string bus, string path) => T($"{id} removed from {path}, with its bus {bus}, which has no other device", $"已从 {path} 删除 {id}，以及已无其他设备的总线 {bus}");
    public string NoDevices(string path) => T($"{path}: no devices configured", $"{path}：未配置设备");
    public string Kind => T("Kind", "类型");
    public string Id => T("Id", "编号");
    public string Place => T("Place", "位置");
    public string Wiring => T("Source / wiring", "来源 / 接线");
    public string ProfileColumn => T("Profile / model", "配置文件 / 模型");
    public string KindName(string kind) => kind switch
    {
        "door" => T("door", "门"),
        "smoke" => T("smoke detector", "烟感"),
        "sensor" => T("sensor", "传感器"),
        "modbus" => T("Modbus device", "Modbus 设备"),
        "camera" => T("camera", "摄像头"),
        "rs485-bus" => T("RS-485 bus", "RS-485 总线"),
        _ => kind,
    };

    // zone.
    public string UnknownCamera(string id, IReadOnlyList<string> cameras) => T($"no camera '{id}' in the config; cameras: {(cameras.Count == 0 ? "none (add one with 'edgesec device add camera')" : string.Join(", ", cameras))}",
        $"配置中没有摄像头 '{id}'；现有摄像头：{(cameras.Count == 0 ? "无（请用 'edgesec device add camera' 添加）" : string.Join("、", cameras))}");
    public string InvalidZoneName(string name) => T($"'{name}' is not a valid zone name; expected 1-64 characters of A-Z, a-z, 0-9, '-' or '_'", $"'{name}' 不是有效的区域名称；应为 1-64 个字符，可用 A-Z、a-z、0-9、'-' 或 '_'");
    public string DuplicateZone(string camera, string name) => T($"camera {camera} already has a zone '{name}'; remove it first or choose another name", $"摄像头 {camera} 已有区域 '{name}'；请先删除或换一个名称");
    public string DuplicateRule(string camera, string rule) => T($"camera {camera} already has a rule '{rule}'", $"摄像头 {camera} 已有规则 '{rule}'");
    public string BadPolygon(string text) => T($"'{text}' is not a list of points; expected \"x1,y1 x2,y2 x3,y3\", e.g. \"100,200 400,200 400,350\"", $"'{text}' 不是点列表；应如 \"x1,y1 x2,y2 x3,y3\"，例如 \"100,200 400,200 400,350\"");
    public string TooFewPoints(string kind, int needed, int count) => kind == "line"
        ? T($"a line needs exactly 2 points; {count} given", $"线需要正好 2 个点；给出了 {count} 个")
        : T($"an area needs at least {needed} points; {count} given", $"区域至少需要 {needed} 个点；给出了 {count} 个");
    public string PointsOutside(string camera, string frame) => T($"points outside camera {camera}'s {frame} detect frame (use 'edgesec zone draw' to pick points, or --relative for 0-1 fractions):",
        $"以下点超出摄像头 {camera} 的 {frame} 检测画面（可用 'edgesec zone draw' 选点，或用 --relative 输入 0-1 比例）：");
    public string BadZone(string camera, string name) => T($"camera {camera} zone {name} cannot be used:", $"摄像头 {camera} 的区域 {name} 无法使用：");
    public string ZoneAdded(string camera, string name, int points, string path) => T($"zone {name} ({points} points) added to camera {camera} in {path}", $"已在 {path} 中为摄像头 {camera} 添加区域 {name}（{points} 个点）");
    public string UnknownZone(string camera, string name, IReadOnlyList<string> zones) => T($"camera {camera} has no zone '{name}'; zones: {(zones.Count == 0 ? "none" : string.Join(", ", zones))}",
        $"摄像头 {camera} 没有区域 '{name}'；现有区域：{(zones.Count == 0 ? "无" : string.Join("、", zones))}");
    public string ZoneInUse(string camera, string name, string rules) => T($"zone {name} of camera {camera} is watched by the rule(s) {rules}; add --with-rules to remove them too",
        $"摄像头 {camera} 的区域 {name} 被规则 {rules} 使用；加 --with-rules 可一并删除");
    public string ZoneRemoved(string camera, string name, int rules, string path) => rules == 0
        ? T($"zone {name} removed from camera {camera} in {path}", $"已从 {path} 中删除摄像头 {camera} 的区域 {name}")
        : T($"zone {name} and {rules} rule(s) watching it removed from camera {camera} in {path}", $"已从 {path} 中删除摄像头 {camera} 的区域 {name} 及监视它的 {rules} 条规则");
    public string NoZones(string path) => T($"{path}: no zones configured", $"{path}：未配置区域");
    public string Zone => T("Zone", "区域");
    public string Points => T("Points", "坐标点");
    public string Rules => T("Rules", "规则");
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
    public string EnrolConfigNotEditable(string path, string reason) =>
        T($"{path} cannot take the enrolment ({reason}); gateway and broker must be sections of keys (see agent.sample.yaml). Fix it (edgesec config validate) and run this again. The code was not used.",
          $"{path} 无法写入注册信息（{reason}）；gateway 和 broker 必须是键值段落（见 agent.sample.yaml）。请修正（edgesec config validate）后重新运行。注册码未被使用。");
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
    public string EnrolledTls(string caFile) =>
        T($"The broker speaks TLS: its CA certificate is in {caFile} (broker.tls.caFile), and the agent verifies the broker with it. If the broker also asks for client certificates, add broker.tls.certFile and keyFile (hub/Broker/README.md).",
          $"消息服务器使用 TLS：其 CA 证书已写入 {caFile}（broker.tls.caFile），代理程序用它校验消息服务器。若消息服务器还要求客户端证书，请补充 broker.tls.certFile 和 keyFile（见 hub/Broker/README.md）。");
    public string EnrolledConfigProblems(string path, int count) =>
        T($"{path} has {count} other problem(s) the agent will refuse: run 'edgesec config validate --config {path}'.",
          $"{path} 还有 {count} 个其他错误，代理程序将无法启动：请运行 'edgesec config validate --config {path}'。");
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
    public string Fired => T("Fired", "触发");
    public string FiredAt => T("Time", "时间");
    public string Firing(string? what) => what switch
    {
        null => "",
        "open" => T("Opened", "打开"),
        "closed" => T("Closed", "关闭"),
        "alarm" => T("Alarm", "报警"),
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
    public string ZoneDrawCommand => T("Save a snapshot of a configured camera with a labelled coordinate grid in its detect size, to pick a zone's points.",
        "保存已配置摄像头的一张快照，并按其检测分辨率叠加带坐标的网格，便于选取区域的各点坐标。");
    public string ZonePreviewCommand => T("Save a snapshot of a configured camera with its zones drawn (outline and name).", "保存已配置摄像头的一张快照，并画出其区域（轮廓和名称）。");
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
    public string ReportPlacePath => T("Place at the hub", "中心所属区域");
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
