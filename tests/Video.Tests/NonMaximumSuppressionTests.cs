namespace EdgeSecurity.Video.Tests;

public sealed class NonMaximumSuppressionTests
{
    private static readonly BoundingBox Square = new(0, 0, 10, 10);

    [Fact]
    public void Of_two_overlapping_boxes_of_one_class_the_better_one_stays()
    {
        var kept = NonMaximumSuppression.Apply([Person(0.6f, new(1, 1, 11, 11)), Person(0.9f, Square)], 0.45f, 100);

        Assert.Equal([Person(0.9f, Square)], kept);
    }

    [Fact]
    public void Overlapping_boxes_of_different_classes_both_stay()
    {
        var car = new DetectedObject(2, "car", 0.5f, new(1, 1, 11, 11));

        var kept = NonMaximumSuppression.Apply([car, Person(0.9f, Square)], 0.45f, 100);

        Assert.Equal([Person(0.9f, Square), car], kept);
    }

    [Fact]
    public void An_overlap_equal_to_the_threshold_is_kept()
    {
        var half = Person(0.5f, new(0, 0, 10, 5));
        Assert.Equal(0.5f, Square.IntersectionOverUnion(half.Box));

        Assert.Equal(2, NonMaximumSuppression.Apply([Person(0.9f, Square), half], 0.5f, 100).Count);
        Assert.Single(NonMaximumSuppression.Apply([Person(0.9f, Square), half], 0.49f, 100));
    }

    [Fact]
    public void Only_kept_boxes_suppress_others()
    {
        var best = Person(0.9f, new(0, 0, 10, 10));
        var middle = Person(0.8f, new(4, 0, 14, 10));
        var far = Person(0.7f, new(8, 0, 18, 10));

        var kept = NonMaximumSuppression.Apply([far, middle, best], 0.3f, 100);

        // middle overlaps both (IoU 0.43), far overlaps only middle: once middle is gone, far stays.
        Assert.Equal([best, far], kept);
    }

    [Fact]
    public void At_most_the_requested_number_is_kept_best_first()
    {
        var apart = Enumerable.Range(0, 10).Select(i => Person(i / 10f, new(i * 20, 0, (i * 20) + 10, 10))).ToList();

        var kept = NonMaximumSuppression.Apply(apart, 0.45f, 3);

        Assert.Equal([0.9f, 0.8f, 0.7f], kept.Select(d => d.Score));
    }

    [Fact]
    public void Intersection_over_union_is_zero_apart_and_one_for_the_same_box()
    {
        Assert.Equal(0, Square.IntersectionOverUnion(new(10, 0, 20, 10)));
        Assert.Equal(1, Square.IntersectionOverUnion(Square));
        Assert.Equal(25f / 175, Square.IntersectionOverUnion(new(5, 5, 15, 15)), 6);
    }

    private static DetectedObject Person(float score, BoundingBox box) => new(0, "person", score, box);
}
