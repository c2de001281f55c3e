namespace EdgeSecurity.Video;

/// <summary>How a model's outputs are decoded; the manifest's <c>decoder</c> key.</summary>
public enum DetectorFamily
{
    /// <summary>One [1, anchors, 5 + classes] output: grid offsets, log sizes, objectness, class scores (<c>yolox</c>).</summary>
    Yolox,

    /// <summary>Per stride a [1, anchors, classes] score and a [1, anchors, 4 × (regMax + 1)] box-distribution output (<c>picodet</c>).</summary>
    PicoDet,

    /// <summary>One channel-major [1, 4 + classes, anchors] output with decoded centre boxes (<c>yolov8</c>).</summary>
    YoloV8,

    /// <summary>A softmax [1, anchors, 2] <c>scores</c> output (background, face) and normalised corner <c>boxes</c> [1, anchors, 4] (<c>ultraface</c>).</summary>
    UltraFace,
}
