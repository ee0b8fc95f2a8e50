# Расписание: звонки, расписание классов по версиям, замены и переносы.
tt-title = Расписание
tt-tab-index = Расписание
tt-tab-changes = Изменения
tt-tab-bells = Звонки
tt-my-week = Моё расписание
tt-children = Расписание детей
tt-classes = Классы
tt-teachers = Учителя
tt-rooms = Кабинеты
tt-no-classes = В текущем учебном году нет классов.
tt-no-rooms = Кабинеты ещё не указаны ни в одном расписании.
tt-wd-1 = пн
tt-wd-2 = вт
tt-wd-3 = ср
tt-wd-4 = чт
tt-wd-5 = пт
tt-wd-6 = сб
tt-weekday-1 = Понедельник
tt-weekday-2 = Вторник
tt-weekday-3 = Среда
tt-weekday-4 = Четверг
tt-weekday-5 = Пятница
tt-weekday-6 = Суббота
tt-lesson-no = Урок
tt-lesson-n = { $n }-й урок
tt-time = Время
tt-start = Начало
tt-end = Окончание
tt-shift = Смена
tt-shift-n = { $n }-я смена
tt-room = Кабинет
tt-room-short = каб.
tt-class = Класс
tt-subject = Предмет
tt-teaching = Предмет и учитель
tt-date = Дата
tt-note = Примечание
tt-open = Открыть
tt-choose = — выберите —
tt-delete = Удалить
tt-cancel = Отмена
tt-actions = Действия
tt-field-required = Заполните это поле.
tt-date-invalid = Укажите дату (ГГГГ-ММ-ДД).
tt-form-malformed = Форма содержит неизвестные поля: обновите страницу и попробуйте ещё раз.
tt-year-closed = Учебный год закрыт: расписание не меняется.
tt-period-closed = Учебный период закрыт: изменения в нём невозможны.

# Неделя
tt-class-week = Расписание { $name }
tt-teacher-week = Расписание учителя: { $name }
tt-room-week = Кабинет { $name }
tt-student-week = Расписание: { $name }
tt-week-range = Неделя с { $from } по { $to }
tt-week-nav = Недели
tt-week-prev = Предыдущая
tt-week-next = Следующая
tt-week-this = Текущая неделя
tt-week-empty = На этой неделе уроков нет.
tt-day-off = нет занятий
tt-mark-cancelled = отменён
tt-mark-substituted = замена
tt-mark-added = доп. урок
tt-mark-given-away = заменяет { $name }
tt-mark-substituting = замена за { $name }
tt-legend-cancelled = урок не состоится
tt-legend-substituted = урок ведёт другой учитель
tt-legend-added = перенесённый или дополнительный урок
tt-edit-week = Изменить расписание

# Версии расписания
tt-versions = Версии расписания
tt-versions-none = Расписание класса ещё не составлено.
tt-version-from = Действует с
tt-version-of = Версия расписания с { $date }
tt-version-lessons = Уроков в неделю
tt-version-saved-by = Кто сохранил
tt-version-saved-at = Когда
tt-version-in-force = действует
tt-version-future = будущая
tt-version-edit = Изменить
tt-version-not-future = Удалить можно только версию, которая ещё не начала действовать.
tt-edit-title = Расписание { $name }: новая версия
tt-edit-first-hint = Это первое расписание класса: оно может начинаться с любого дня учебного года, например с 1 сентября.
tt-edit-later-hint = Новая версия действует с выбранного дня (не раньше сегодняшнего) до следующей версии; прошлые недели не меняются. Версия с тем же днём заменяется.
tt-add-group = + подгруппа
tt-second-group = вторая подгруппа
tt-save-version = Сохранить версию
tt-no-teaching = У класса нет нагрузки учителей: сначала заполните её в разделе «Структура школы».
tt-shift-invalid = Выберите смену 1 или 2.
tt-shift-no-bells = Для этой смены не заданы звонки.
tt-from-outside-year = Дата должна быть внутри учебного года класса.
tt-from-past = Прошлое расписание не меняется: новая версия может начинаться не раньше сегодняшнего дня.
tt-teaching-not-of-class = Выберите нагрузку этого класса.
tt-room-too-long = Слишком длинное название кабинета.
tt-cell-whole-class-and-more = В одно время у класса может быть один урок для всего класса или уроки разных подгрупп.
tt-cell-same-group = У одной подгруппы в одно время может быть только один урок.
tt-cell-same-teacher = Один учитель не может вести две подгруппы одновременно.
tt-clash = { $teacher } уже ведёт урок в { $class } в { $day ->
    [1] пн
    [2] вт
    [3] ср
    [4] чт
    [5] пт
   *[6] сб
}, { $number }-й урок.
tt-clash-later = { $teacher } ведёт урок в { $class } в { $day ->
    [1] пн
    [2] вт
    [3] ср
    [4] чт
    [5] пт
   *[6] сб
}, { $number }-й урок (по расписанию с { $date }).
tt-flash-version-saved = Расписание сохранено.
tt-flash-deleted = Удалено.

# Звонки
tt-bells-title = Расписание звонков
tt-bells-hint = Оставьте строку пустой, если такого урока нет. Вторая смена не обязательна.
tt-bell-label = { $n }-й урок: { $what }
tt-bells-time-required = Укажите время начала и окончания.
tt-bells-time-invalid = Время в формате ЧЧ:ММ, например 08:30.
tt-bells-end-before-start = Урок должен заканчиваться позже, чем начинается.
tt-bells-overlap = Урок начинается раньше, чем заканчивается { $number }-й.
tt-bells-number-invalid = Номер урока — от 0 до 9.
tt-bells-shift-invalid = Смен может быть только две.
tt-bells-first-empty = В первой смене должен быть хотя бы один урок.
tt-bells-second-in-use = Вторая смена указана в расписании классов: сначала переведите их в первую.

# Изменения
tt-changes-title = Изменения в расписании на { $date }
tt-changes-none = В этот день изменений нет.
tt-day-prev = Предыдущий день
tt-day-next = Следующий день
tt-change = Изменение
tt-changed-by = Кто внёс
tt-change-new = Новое изменение
tt-change-save = Сохранить изменение
tt-show-lessons = Показать уроки класса
tt-no-lessons-that-day = У класса в этот день нет уроков.
tt-lesson = Урок
tt-choose-class-first = — сначала выберите класс —
tt-kind-cancel = Отмена урока
tt-kind-substitute = Замена учителя
tt-kind-move = Перенос урока
tt-kind-add = Дополнительный урок
tt-substitute = Учитель на замену
tt-to-date = Перенести на дату
tt-to-number = Номер урока
tt-room-change = Кабинет (если меняется)
tt-choose-class = Выберите класс.
tt-choose-lesson = Выберите урок.
tt-choose-kind = Выберите, что меняется.
tt-choose-teacher = Выберите учителя.
tt-choose-teaching = Выберите предмет и учителя.
tt-number-invalid = Номер урока — от 0 до 9.
tt-note-too-long = Слишком длинное примечание.
tt-lesson-not-held = Такого урока у класса в этот день нет.
tt-lesson-already-substituted = На этот урок уже назначена замена: сначала удалите её.
tt-lesson-has-journal = В этом уроке уже есть записи журнала: отменить или перенести его нельзя.
tt-substitute-not-teacher = Заменять может только работающий учитель.
tt-substitute-own-teacher = Это учитель самого урока: выберите другого.
tt-not-study-day = В этот день у класса нет занятий.
tt-number-cancelled-here = Этот урок здесь отменён: чтобы вернуть его, удалите отмену.
tt-number-busy = У класса уже есть урок с этим номером.
tt-note-moved-to = перенесён на { $date }, { $number }-й урок
tt-note-moved-from = перенесён с { $date }, { $number }-го урока
tt-flash-change-saved = Изменение сохранено.
