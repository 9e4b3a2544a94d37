//! Thousands of small shapes (markers, brackets, span bars, density columns) tessellated into
//! one mesh while the view paints: egui then handles one shape instead of one per marker, which
//! is most of a crowded frame's cost. Lines and rectangles go through epaint's own tessellator
//! with the context's options, so they come out as egui would draw them.

use egui::epaint::{CircleShape, PathShape, RectShape, Tessellator};
use egui::{Color32, Mesh, Painter, Pos2, Rect, Shape, Stroke, Vec2};

/// Corners of the circle fan. Markers are at most ~8 px across their radius: 16 corners keep
/// the outline within 0.2 px of a true circle, and the feathered rim smooths the rest.
const CIRCLE_SEGMENTS: usize = 16;

pub struct ShapeBatch {
    tessellator: Tessellator,
    mesh: Mesh,
    clip_rect: Rect,
    /// Width of the anti-aliasing rim in points (zero when feathering is off).
    feathering: f32,
    unit_circle: [Vec2; CIRCLE_SEGMENTS],
}

impl ShapeBatch {
    /// A batch for shapes clipped to the painter's clip rectangle.
    pub fn new(painter: &Painter) -> Self {
        let ctx = painter.ctx();
        let pixels_per_point = ctx.pixels_per_point();
        let options = ctx.tessellation_options(|options| *options);
        let feathering = if options.feathering {
            options.feathering_size_in_pixels / pixels_per_point
        } else {
            0.0
        };
        // No text is tessellated here, so the font atlas size is never used.
        let mut tessellator = Tessellator::new(pixels_per_point, options, [1, 1], Vec::new());
        let clip_rect = painter.clip_rect();
        tessellator.set_clip_rect(clip_rect);
        let unit_circle = std::array::from_fn(|i| {
            let angle = std::f32::consts::TAU * i as f32 / CIRCLE_SEGMENTS as f32;
            Vec2::angled(angle)
        });
        ShapeBatch {
            tessellator,
            mesh: Mesh::default(),
            clip_rect,
            feathering,
            unit_circle,
        }
    }

    /// Hands what was batched so far to the painter as a single shape, so that shapes painted
    /// directly afterwards (titles) lie on top of it and under what is batched next.
    pub fn flush(&mut self, painter: &Painter) {
        if !self.mesh.is_empty() {
            painter.add(Shape::mesh(std::mem::take(&mut self.mesh)));
        }
    }

    pub fn rect_filled(&mut self, rect: Rect, corner_radius: f32, color: Color32) {
        self.tessellator.tessellate_rect(
            &RectShape::filled(rect, corner_radius, color),
            &mut self.mesh,
        );
    }

    pub fn line_segment(&mut self, points: [Pos2; 2], stroke: Stroke) {
        self.tessellator
            .tessellate_line_segment(points, stroke, &mut self.mesh);
    }

    pub fn circle_stroke(&mut self, center: Pos2, radius: f32, stroke: Stroke) {
        self.tessellator
            .tessellate_circle(CircleShape::stroke(center, radius, stroke), &mut self.mesh);
    }

    pub fn line(&mut self, points: Vec<Pos2>, stroke: Stroke) {
        self.tessellator
            .tessellate_path(&PathShape::line(points, stroke), &mut self.mesh);
    }

    /// A filled, anti-aliased circle: a fan with a feathered rim, as epaint fills paths.
    pub fn circle_filled(&mut self, center: Pos2, radius: f32, color: Color32) {
        if radius <= 0.0
            || color == Color32::TRANSPARENT
            || !self
                .clip_rect
                .expand(radius + self.feathering)
                .contains(center)
        {
            return;
        }
        let mesh = &mut self.mesh;
        let n = CIRCLE_SEGMENTS as u32;
        let first = mesh.vertices.len() as u32;
        mesh.reserve_vertices(2 * CIRCLE_SEGMENTS);
        mesh.reserve_triangles(3 * CIRCLE_SEGMENTS);
        let inner = radius - 0.5 * self.feathering;
        let outer = radius + 0.5 * self.feathering;
        for &direction in &self.unit_circle {
            mesh.colored_vertex(center + inner * direction, color);
            if self.feathering > 0.0 {
                mesh.colored_vertex(center + outer * direction, Color32::TRANSPARENT);
            }
        }
        if self.feathering > 0.0 {
            // Vertices alternate inner, outer: a quad of rim between each pair of corners.
            let mut previous = n - 1;
            for current in 0..n {
                let (inner0, outer0) = (first + 2 * previous, first + 2 * previous + 1);
                let (inner1, outer1) = (first + 2 * current, first + 2 * current + 1);
                mesh.add_triangle(inner1, inner0, outer0);
                mesh.add_triangle(outer0, outer1, inner1);
                previous = current;
            }
            for i in 1..n - 1 {
                mesh.add_triangle(first, first + 2 * i, first + 2 * (i + 1));
            }
        } else {
            for i in 1..n - 1 {
                mesh.add_triangle(first, first + i, first + i + 1);
            }
        }
    }

    /// A filled polygon, star-shaped around `center`, as a fan from the centre (no rim).
    pub fn fan_filled(&mut self, center: Pos2, outline: &[Pos2], color: Color32) {
        let Some(bounds) = bounding_rect(outline) else {
            return;
        };
        if !self.clip_rect.intersects(bounds) {
            return;
        }
        let mesh = &mut self.mesh;
        let first = mesh.vertices.len() as u32;
        mesh.colored_vertex(center, color);
        for &point in outline {
            mesh.colored_vertex(point, color);
        }
        let n = outline.len() as u32;
        for i in 0..n {
            mesh.add_triangle(first, first + 1 + i, first + 1 + (i + 1) % n);
        }
    }

    /// The outline of a rectangle as dashes, leaving out those outside the clip rectangle: a
    /// span years long at a month's zoom is thousands of dashes off screen.
    pub fn dashed_rect(&mut self, rect: Rect, stroke: Stroke, dash: f32, gap: f32) {
        let visible = self.clip_rect.expand(stroke.width + self.feathering);
        dashes_of_rect(rect, visible, dash, gap, &mut |points| {
            self.tessellator
                .tessellate_line_segment(points, stroke, &mut self.mesh);
        });
    }
}

/// The corners of `rect`, clockwise from the top left and back to it, as a dashed outline is
/// drawn.
fn closed_outline(rect: Rect) -> [Pos2; 5] {
    [
        rect.left_top(),
        rect.right_top(),
        rect.right_bottom(),
        rect.left_bottom(),
        rect.left_top(),
    ]
}

/// The dashes of a rectangle's outline that reach into `visible`, the same dashes as
/// `Shape::dashed_line` gives for the outline clockwise from the top left corner.
fn dashes_of_rect(
    rect: Rect,
    visible: Rect,
    dash: f32,
    gap: f32,
    add_dash: &mut dyn FnMut([Pos2; 2]),
) {
    let period = dash + gap;
    if dash <= 0.0 || gap < 0.0 || !rect.is_finite() {
        return;
    }
    let corners = closed_outline(rect);
    // Distance along the outline at the start of the current side.
    let mut travelled = 0.0_f32;
    for side in corners.windows(2) {
        let [start, end] = [side[0], side[1]];
        let length = (end - start).length();
        if length > 0.0
            && let Some((from, to)) = visible_part(start, end, visible)
        {
            let direction = (end - start) / length;
            // Dashes start every `period` from the outline's start.
            let phase = travelled % period;
            let first_dash = ((from + phase - dash) / period).floor().max(0.0);
            let mut dash_start = first_dash * period - phase;
            while dash_start <= to {
                let (a, b) = (dash_start.max(0.0), (dash_start + dash).min(length));
                if b > a && b >= from {
                    add_dash([start + a * direction, start + b * direction]);
                }
                dash_start += period;
            }
        }
        travelled += length;
    }
}

fn bounding_rect(points: &[Pos2]) -> Option<Rect> {
    let first = *points.first()?;
    Some(
        points
            .iter()
            .fold(Rect::from_min_max(first, first), |bounds, &p| {
                bounds.union(Rect::from_min_max(p, p))
            }),
    )
}

/// The stretch `[from, to]` (distances from `start`) of an axis-aligned segment inside `clip`.
fn visible_part(start: Pos2, end: Pos2, clip: Rect) -> Option<(f32, f32)> {
    let length = (end - start).length();
    let mut from = 0.0_f32;
    let mut to = length;
    for axis in 0..2 {
        let (s, e) = (start[axis], end[axis]);
        let (low, high) = (clip.min[axis], clip.max[axis]);
        if s == e {
            if s < low || s > high {
                return None;
            }
            continue;
        }
        // Distances at which the segment crosses the two clip lines on this axis.
        let at = |bound: f32| (bound - s) / (e - s) * length;
        let (enter, leave) = if e > s {
            (at(low), at(high))
        } else {
            (at(high), at(low))
        };
        from = from.max(enter);
        to = to.min(leave);
    }
    (from <= to).then_some((from, to))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn segments_of(shapes: Vec<Shape>) -> Vec<[Pos2; 2]> {
        shapes
            .into_iter()
            .filter_map(|shape| match shape {
                Shape::LineSegment { points, .. } => Some(points),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn clipped_dashes_are_the_visible_dashes_of_the_whole_outline() {
        let rect = Rect::from_min_max(Pos2::new(-3000.3, 100.0), Pos2::new(2500.7, 107.2));
        let corners = closed_outline(rect);
        let all = segments_of(Shape::dashed_line(
            &corners,
            Stroke::new(1.5, Color32::RED),
            5.0,
            3.0,
        ));
        for visible in [
            Rect::from_min_max(Pos2::new(0.0, 0.0), Pos2::new(800.0, 600.0)),
            Rect::from_min_max(Pos2::new(-3100.0, 0.0), Pos2::new(-2900.0, 600.0)),
            Rect::from_min_max(Pos2::new(2400.0, 0.0), Pos2::new(2600.0, 600.0)),
            Rect::EVERYTHING,
        ] {
            let mut clipped = Vec::new();
            dashes_of_rect(rect, visible, 5.0, 3.0, &mut |points| clipped.push(points));
            let expected: Vec<[Pos2; 2]> = all
                .iter()
                .copied()
                // epaint also emits empty dashes where a dash ends exactly on a corner.
                .filter(|&[a, b]| a != b && visible.intersects(Rect::from_two_pos(a, b)))
                .collect();
            assert_eq!(clipped.len(), expected.len(), "{visible:?}");
            for (got, want) in clipped.iter().zip(&expected) {
                for (g, w) in got.iter().zip(want) {
                    // The whole outline accumulates rounding over thousands of dashes.
                    assert!((*g - *w).length() < 0.05, "{got:?} {want:?}");
                }
            }
        }
    }

    #[test]
    fn a_rectangle_off_screen_has_no_dashes() {
        let rect = Rect::from_min_max(Pos2::new(900.0, 0.0), Pos2::new(5000.0, 8.0));
        let visible = Rect::from_min_max(Pos2::ZERO, Pos2::new(800.0, 600.0));
        let mut count = 0;
        dashes_of_rect(rect, visible, 5.0, 3.0, &mut |_| count += 1);
        assert_eq!(count, 0);
    }
}
