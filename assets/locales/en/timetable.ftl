# Timetable: bells, class timetables in versions, substitutions and moved lessons.
tt-title = Timetable
tt-tab-index = Timetable
tt-tab-changes = Changes
tt-tab-bells = Bells
tt-my-week = My timetable
tt-children = Children's timetables
tt-classes = Classes
tt-teachers = Teachers
tt-rooms = Rooms
tt-no-classes = The current study year has no classes.
tt-no-rooms = No timetable names a room yet.
tt-wd-1 = Mon
tt-wd-2 = Tue
tt-wd-3 = Wed
tt-wd-4 = Thu
tt-wd-5 = Fri
tt-wd-6 = Sat
tt-weekday-1 = Monday
tt-weekday-2 = Tuesday
tt-weekday-3 = Wednesday
tt-weekday-4 = Thursday
tt-weekday-5 = Friday
tt-weekday-6 = Saturday
tt-lesson-no = Lesson
tt-lesson-n = lesson { $n }
tt-time = Time
tt-start = Start
tt-end = End
tt-shift = Shift
tt-shift-n = Shift { $n }
tt-room = Room
tt-room-short = rm.
tt-class = Class
tt-subject = Subject
tt-teaching = Subject and teacher
tt-date = Date
tt-note = Note
tt-open = Open
tt-choose = — choose —
tt-delete = Delete
tt-cancel = Cancel
tt-actions = Actions
tt-field-required = Fill in this field.
tt-date-invalid = Enter a date (YYYY-MM-DD).
tt-form-malformed = The form has unknown fields: reload the page and try again.
tt-year-closed = The study year is closed: its timetable does not change.
tt-period-closed = The study period is closed: nothing in it can change.

# Week
tt-class-week = Timetable of { $name }
tt-teacher-week = Teacher's timetable: { $name }
tt-room-week = Room { $name }
tt-student-week = Timetable: { $name }
tt-week-range = Week of { $from } to { $to }
tt-week-nav = Weeks
tt-week-prev = Previous
tt-week-next = Next
tt-week-this = This week
tt-week-empty = No lessons this week.
tt-day-off = no lessons
tt-mark-cancelled = cancelled
tt-mark-substituted = substitute
tt-mark-added = extra lesson
tt-mark-given-away = given by { $name }
tt-mark-substituting = substituting for { $name }
tt-legend-cancelled = the lesson does not take place
tt-legend-substituted = another teacher gives the lesson
tt-legend-added = a moved or extra lesson
tt-edit-week = Change the timetable

# Timetable versions
tt-versions = Timetable versions
tt-versions-none = The class has no timetable yet.
tt-version-from = In force from
tt-version-of = Timetable version from { $date }
tt-version-lessons = Lessons a week
tt-version-saved-by = Saved by
tt-version-saved-at = When
tt-version-in-force = in force
tt-version-future = future
tt-version-edit = Change
tt-version-not-future = Only a version that has not begun yet can be deleted.
tt-edit-title = Timetable of { $name }: a new version
tt-edit-first-hint = This is the class's first timetable: it may begin on any day of the study year, such as 1 September.
tt-edit-later-hint = A new version is in force from the chosen day (today or later) until the next version; past weeks do not change. A version of the same day is replaced.
tt-add-group = + group
tt-second-group = second group
tt-save-version = Save the version
tt-no-teaching = The class has no teaching assignments: add them under «School structure» first.
tt-shift-invalid = Choose shift 1 or 2.
tt-shift-no-bells = This shift has no bells.
tt-from-outside-year = The date must lie inside the class's study year.
tt-from-past = The past timetable does not change: a new version may begin today at the earliest.
tt-teaching-not-of-class = Choose a teaching assignment of this class.
tt-room-too-long = The room name is too long.
tt-cell-whole-class-and-more = At one time a class has one lesson for the whole class, or lessons of different groups.
tt-cell-same-group = A group can have only one lesson at a time.
tt-cell-same-teacher = One teacher cannot teach two groups at once.
tt-clash = { $teacher } already teaches { $class } on { $day ->
    [1] Mon
    [2] Tue
    [3] Wed
    [4] Thu
    [5] Fri
   *[6] Sat
}, lesson { $number }.
tt-clash-later = { $teacher } teaches { $class } on { $day ->
    [1] Mon
    [2] Tue
    [3] Wed
    [4] Thu
    [5] Fri
   *[6] Sat
}, lesson { $number } (in the timetable from { $date }).
tt-flash-version-saved = Timetable saved.
tt-flash-deleted = Deleted.

# Bells
tt-bells-title = Bell schedule
tt-bells-hint = Leave a row empty when there is no such lesson. The second shift is optional.
tt-bell-label = Lesson { $n }: { $what }
tt-bells-time-required = Enter both the start and the end.
tt-bells-time-invalid = Time as HH:MM, e.g. 08:30.
tt-bells-end-before-start = A lesson must end after it starts.
tt-bells-overlap = The lesson starts before lesson { $number } ends.
tt-bells-number-invalid = Lesson numbers are 0 to 9.
tt-bells-shift-invalid = There are only two shifts.
tt-bells-first-empty = The first shift needs at least one lesson.
tt-bells-second-in-use = Class timetables use the second shift: move them to the first one first.

# Changes
tt-changes-title = Timetable changes on { $date }
tt-changes-none = No changes on this day.
tt-day-prev = Previous day
tt-day-next = Next day
tt-change = Change
tt-changed-by = Entered by
tt-change-new = New change
tt-change-save = Save the change
tt-show-lessons = Show the class's lessons
tt-no-lessons-that-day = The class has no lessons on this day.
tt-lesson = Lesson
tt-choose-class-first = — choose a class first —
tt-kind-cancel = Cancel a lesson
tt-kind-substitute = Substitute teacher
tt-kind-move = Move a lesson
tt-kind-add = Extra lesson
tt-substitute = Substitute teacher
tt-to-date = Move to date
tt-to-number = Lesson number
tt-room-change = Room (if it changes)
tt-choose-class = Choose a class.
tt-choose-lesson = Choose a lesson.
tt-choose-kind = Choose what changes.
tt-choose-teacher = Choose a teacher.
tt-choose-teaching = Choose a subject and teacher.
tt-number-invalid = Lesson numbers are 0 to 9.
tt-note-too-long = The note is too long.
tt-lesson-not-held = The class has no such lesson on this day.
tt-lesson-already-substituted = This lesson already has a substitute: delete that change first.
tt-lesson-has-journal = This lesson already has journal records: it cannot be cancelled or moved.
tt-substitute-not-teacher = Only an active teacher can substitute.
tt-substitute-own-teacher = This is the lesson's own teacher: choose another.
tt-not-study-day = The class has no lessons on this day.
tt-number-cancelled-here = This lesson is cancelled here: delete the cancellation to bring it back.
tt-number-busy = The class already has a lesson with this number.
tt-note-moved-to = moved to { $date }, lesson { $number }
tt-note-moved-from = moved from { $date }, lesson { $number }
tt-flash-change-saved = Change saved.
