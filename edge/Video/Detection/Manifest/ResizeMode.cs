namespace EdgeSecurity.Video;

/// <summary>How a frame is fitted to the model's input size; the manifest's <c>input.resize</c> key.</summary>
public enum ResizeMode
{
    /// <summary>Keep the aspect ratio, paste at the top-left, pad right and bottom (YOLOX): <c>letterbox-top-left</c>.</summary>
    LetterboxTopLeft,

    /// <summary>Keep the aspect ratio, centre, pad both sides (Ultralytics): <c>letterbox-centred</c>.</summary>
    LetterboxCentred,

    /// <summary>Stretch to the input size, ignoring the aspect ratio (PicoDet): <c>stretch</c>.</summary>
    Stretch,
}
